import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { webhookPayload } from '../../libs/alerts/alert-message';
import { OVERDUE_ALERT_ROW } from '../../test/support/alert-rows';
import { sendWebhook } from './webhook-sender';

const row = OVERDUE_ALERT_ROW;

describe('sending an alert’s webhook', () => {
  it('a webhook is signed per Standard Webhooks and verifies with the subscription’s secret; a 503 fails the attempt', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const seen: { headers: IncomingMessage['headers']; body: string }[] = [];
    let status = 503;
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      const payload = JSON.stringify(webhookPayload(row));
      expect(await sendWebhook({ url, secret }, { id: row.alert_id, payload, at: new Date() })).toEqual({
        ok: false,
        statusCode: 503,
        error: 'HTTP 503 Service Unavailable',
      });
      status = 204;
      expect(await sendWebhook({ url, secret }, { id: row.alert_id, payload, at: new Date() })).toEqual({ ok: true, statusCode: 204 });
      const last = seen[1];
      expect(last.headers['webhook-id']).toBe(row.alert_id);
      const verified = new Webhook(secret).verify(last.body, last.headers as Record<string, string>);
      expect(verified).toEqual(JSON.parse(payload));
      expect(() => new Webhook('whsec_' + Buffer.from('another secret of enough length').toString('base64')).verify(last.body, last.headers as Record<string, string>)).toThrow();
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
    // Nobody listening: a network error, no status code.
    const refused = await sendWebhook({ url, secret }, { id: row.alert_id, payload: '{}', at: new Date() });
    expect(refused.ok).toBe(false);
    expect(refused.statusCode).toBeUndefined();
    expect(refused.error).toMatch(/ECONNREFUSED/);
  });
});
