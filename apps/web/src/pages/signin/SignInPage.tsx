import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { W } from '../../labels';
import { homeOf, useSession } from '../../session';
import type { Me } from '../../api/types';
import { get } from '../../api/client';

export default function SignInPage() {
  const { signIn } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const submit = async ({ key }: { key: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await signIn(key);
      const me = await get<Me>('/api/me');
      const from = (location.state as { from?: string } | null)?.from;
      navigate(from && from !== '/signin' ? from : homeOf(me), { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: 48 }}>
      <Card style={{ width: 460 }} title={<span>{W.appTitle} · {W.signIn.title}</span>}>
        <Typography.Paragraph type="secondary">{W.appSubtitle}</Typography.Paragraph>
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="key" label={W.signIn.key} extra={W.signIn.keyHint} rules={[{ required: true, message: W.signIn.keyPlaceholder }]}>
            <Input.Password placeholder={W.signIn.keyPlaceholder} autoComplete="off" data-testid="key-input" />
          </Form.Item>
          {error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={`${W.signIn.refused}${error}`} />}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in">{W.signIn.submit}</Button>
        </Form>
        <div style={{ marginTop: 16 }}><Link to="/public">{W.signIn.publicLink}</Link></div>
      </Card>
    </div>
  );
}
