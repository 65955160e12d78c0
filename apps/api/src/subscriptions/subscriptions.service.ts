import { Injectable, Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { isoInstant } from '../../../../libs/db/timestamps';
import type { Recipient } from '../../../../libs/alerts';
import { SubscriptionRepository, SubscriptionRow } from '../../../../libs/db';
import { BanliEnv } from '../../../../libs/config';
import { WebhookTargets } from '../../../../libs/net/webhook-targets';
import { InvalidRequestError, NotFoundError } from '../errors/api-errors';
import { CreatedSubscriptionDto, CreateSubscriptionDto, SubscriptionDto, SubscriptionListDto } from './dto/create-subscription.dto';

/** Where alerts are delivered: webhooks (signed per Standard Webhooks) and email addresses, with filters. */
@Injectable()
export class SubscriptionsService {
  private readonly logger = new Logger(SubscriptionsService.name);

  constructor(
    private readonly subscriptions: SubscriptionRepository,
    private readonly env: BanliEnv,
  ) {}

  /**
   * Stores the subscription; a webhook gets its signing secret, returned here and never again.
   * A webhook whose host is, or now resolves to, an address that is not public (loopback,
   * private, link-local, …) is refused unless BANLI_WEBHOOK_ALLOW_HOSTS lists it; every delivery
   * checks the address it connects to again.
   */
  async create(request: CreateSubscriptionDto): Promise<CreatedSubscriptionDto> {
    if (request.channel === 'webhook') {
      const problem = await WebhookTargets.fromSetting(this.env.BANLI_WEBHOOK_ALLOW_HOSTS).urlProblem(request.target);
      if (problem) throw new InvalidRequestError([{ field: 'target', problem }]);
    }
    const secret = request.channel === 'webhook' ? newWebhookSecret() : null;
    const row = await this.subscriptions.create({
      id: `sub_${randomUUID()}`,
      name: request.name,
      channel: request.channel,
      target: request.target,
      secret,
      recipient: request.recipient ?? null,
      unit: request.unit ?? null,
      rungs: request.rungs ?? null,
    });
    this.logger.log(`subscription ${row.id} (${row.channel}) created`);
    return { ...toDto(row), ...(secret ? { secret } : {}) };
  }

  async list(): Promise<SubscriptionListDto> {
    const rows = await this.subscriptions.listActive();
    return { count: rows.length, subscriptions: rows.map(toDto) };
  }

  /**
   * Stops deliveries to the subscription: deliveries still being retried end at their next
   * attempt. Kept (disabled) so the delivery log still names it.
   */
  async remove(id: string): Promise<void> {
    if (!(await this.subscriptions.disable(id))) throw new NotFoundError('SubscriptionNotFound', `no subscription with id ${id}`);
    this.logger.log(`subscription ${id} deleted`);
  }
}

/** A Standard Webhooks secret: whsec_ and 32 random bytes in base64. */
function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function toDto(row: SubscriptionRow): SubscriptionDto {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    target: row.target,
    recipient: row.recipient as Recipient | null,
    unit: row.unit,
    rungs: row.rungs,
    createdAt: isoInstant(row.created_at),
  };
}
