import { AutoComplete, Space, Typography } from 'antd';
import { W } from '../labels';
import { useCycles } from './useCycles';

export function CyclePicker({ value, onChange }: { value?: string; onChange: (cycleId: string | undefined) => void }) {
  const cycles = useCycles();
  return (
    <Space>
      <Typography.Text>{W.common.cycle}</Typography.Text>
      <AutoComplete
        style={{ width: 220 }}
        allowClear
        placeholder={W.common.cyclePlaceholder}
        defaultValue={value}
        options={cycles.map((c) => ({ value: c }))}
        onSelect={(v: string) => onChange(v)}
        onClear={() => onChange(undefined)}
        onBlur={(e) => onChange((e.target as HTMLInputElement).value || undefined)}
        data-testid="cycle-picker"
      />
    </Space>
  );
}
