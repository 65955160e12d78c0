import { createServer, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { webhookPayload } from '../../libs/alerts/alert-message';
import { OVERDUE_ALERT_ROW } from '../../test/support/alert-rows';
import { WebhookTargets } from '../../libs/net/webhook-targets';
import { sendWebhook, WEBHOOK_TIMEOUT_MS, webhookSignature } from './webhook-sender';

/** The operator allows loopback (BANLI_WEBHOOK_ALLOW_HOSTS=loopback): the receivers here listen there. */
const LOOPBACK = WebhookTargets.fromSetting('loopback');

const row = OVERDUE_ALERT_ROW;

describe('sending an alert’s webhook', () => {
  it('signs as the Standard Webhooks reference library does, Chinese text and all, with or without the whsec_ prefix', () => {
    const payload = JSON.stringify(webhookPayload(row));
    const at = new Date('2020-10-12T01:00:00.000Z');
    for (const secret of ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'whsec_c2VjcmV0LW9mLWFub3RoZXItc3Vic2NyaXB0aW9u']) {
      expect(webhookSignature(secret, row.alert_id, at.getTime() / 1000, payload)).toBe(new Webhook(secret).sign(row.alert_id, at, payload));
    }
    // Any change of the id, the time or the text changes it.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const signed = webhookSignature(secret, row.alert_id, 1602464400, payload);
    expect(webhookSignature(secret, `${row.alert_id}x`, 1602464400, payload)).not.toBe(signed);
    expect(webhookSignature(secret, row.alert_id, 1602464401, payload)).not.toBe(signed);
    expect(webhookSignature(secret, row.alert_id, 1602464400, payload.replace('逾期', '到期'))).not.toBe(signed);
  });

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
      expect(await sendWebhook({ url, secret }, { id: row.alert_id, payload, at: new Date() }, WEBHOOK_TIMEOUT_MS, LOOPBACK)).toEqual({
        ok: false,
        statusCode: 503,
        error: 'HTTP 503 Service Unavailable',
      });
      status = 204;
      expect(await sendWebhook({ url, secret }, { id: row.alert_id, payload, at: new Date() }, WEBHOOK_TIMEOUT_MS, LOOPBACK)).toEqual({ ok: true, statusCode: 204 });
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
    const refused = await sendWebhook({ url, secret }, { id: row.alert_id, payload: '{}', at: new Date() }, WEBHOOK_TIMEOUT_MS, LOOPBACK);
    expect(refused.ok).toBe(false);
    expect(refused.statusCode).toBeUndefined();
    expect(refused.error).toMatch(/ECONNREFUSED/);
  });

  it('sends nothing to an internal address without the operator’s leave: an address refused before connecting, a name on the address it resolves to', async () => {
    let received = 0;
    const server = createServer((_req, res) => {
      received++;
      res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const message = () => ({ id: row.alert_id, payload: '{}', at: new Date() });
    try {
      const publicOnly = WebhookTargets.fromSetting('');
      const literal = await sendWebhook({ url: `http://127.0.0.1:${port}/hook`, secret }, message(), WEBHOOK_TIMEOUT_MS, publicOnly);
      expect(literal).toEqual({ ok: false, error: expect.stringMatching(/^ETARGETNOTALLOWED 127\.0\.0\.1 is a loopback address/) });
      // A name subscribed while it pointed elsewhere (DNS rebinding): checked on the address the socket would connect to.
      const byName = await sendWebhook({ url: `http://localhost:${port}/hook`, secret }, message(), WEBHOOK_TIMEOUT_MS, publicOnly);
      expect(byName).toEqual({ ok: false, error: expect.stringMatching(/^ETARGETNOTALLOWED localhost \((127\.0\.0\.1|::1)\) is a loopback address/) });
      expect(received).toBe(0);
      // The same name, once the operator lists it, is delivered.
      const allowed = await sendWebhook({ url: `http://localhost:${port}/hook`, secret }, message(), WEBHOOK_TIMEOUT_MS, WebhookTargets.fromSetting('localhost'));
      expect(allowed).toEqual({ ok: true, statusCode: 204 });
      expect(received).toBe(1);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
