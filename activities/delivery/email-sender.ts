import { createTransport, Transporter } from 'nodemailer';
import type { AttemptResult } from './webhook-sender';

export interface SmtpSettings {
  /** e.g. smtp://127.0.0.1:2525 or smtps://user:pass@mail.example.org */
  url: string;
  /** The From address, e.g. '督查室 <duban@example.gov.cn>'. */
  from: string;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  /** Stable per alert and subscription: a resend after a lost answer carries the same Message-ID. */
  messageId: string;
  alertId: string;
}

/** Sends alert emails over SMTP (nodemailer); a refused or failed session fails the attempt. */
export class EmailSender {
  private readonly transport: Transporter;

  constructor(settings: SmtpSettings) {
    this.transport = createTransport(
      { url: settings.url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 },
      { from: settings.from },
    );
  }

  async send(mail: OutgoingEmail): Promise<AttemptResult> {
    try {
      const info = await this.transport.sendMail({
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
        headers: { 'X-Banli-Alert-Id': mail.alertId },
      });
      const rejected = info.rejected ?? [];
      if (rejected.length > 0) return { ok: false, statusCode: replyCode(info.response), error: `rejected ${rejected.join(', ')}` };
      return { ok: true, statusCode: replyCode(info.response) };
    } catch (err) {
      const e = err as { responseCode?: number; code?: string; message?: string };
      return { ok: false, statusCode: e.responseCode, error: [e.code, e.message].filter(Boolean).join(' ') || String(err) };
    }
  }

  close(): void {
    this.transport.close();
  }
}

/** '250 2.0.0 OK: queued as …' → 250. */
function replyCode(response: string | undefined): number | undefined {
  const m = /^(\d{3})\b/.exec(response ?? '');
  return m ? Number(m[1]) : undefined;
}
