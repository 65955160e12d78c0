import { Badge, Tag, Tooltip } from 'antd';
import type { CaseDeadline } from '../api/types';
import { deadlineLabel, W } from '../labels';
import { LIGHT_COLORS, lightOf } from './deadlines';

/** One open deadline as a lit tag: its name and due day, the light's meaning on hover. */
export function DeadlineTag({ deadline }: { deadline: CaseDeadline }) {
  const light = lightOf(deadline);
  if (!light) return null;
  return (
    <Tooltip title={`${W.light[light]} · ${deadline.due.explanation}`}>
      <Tag data-light={light} data-deadline={deadline.id} style={{ borderColor: LIGHT_COLORS[light], marginBottom: 4 }}>
        <Badge color={LIGHT_COLORS[light]} /> {deadlineLabel(deadline.id)} {deadline.due.dueOn}
      </Tag>
    </Tooltip>
  );
}

export function LightBadge({ deadline }: { deadline: CaseDeadline }) {
  const light = lightOf(deadline);
  if (!light) return null;
  return <Badge color={LIGHT_COLORS[light]} text={W.light[light]} data-light={light} />;
}
