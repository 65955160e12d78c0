import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsString,
  isEmail,
  isURL,
  MaxLength,
  ValidateBy,
  ValidationArguments,
} from 'class-validator';
import { RECIPIENTS } from '../../../../../libs/policy';
import { ALERT_KINDS } from '../../../../../libs/alerts';
import type { Recipient } from '../../../../../libs/alerts';
import { DELIVERY_CHANNELS, DeliveryChannel } from '../../../../../libs/contract';
import { IsCleanLine, Optional } from '../../common/validators';
import { LINE_PATTERN } from '../../edge/text-rules';

/** A webhook's URL: http or https, a host, no user:password. */
export function isWebhookUrl(value: string): boolean {
  if (!isURL(value, { protocols: ['http', 'https'], require_protocol: true, require_tld: false, require_host: true, allow_underscores: true })) {
    return false;
  }
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** The target is checked by the channel: a URL for a webhook, an address for email. */
function IsTargetOfChannel(): PropertyDecorator {
  return ValidateBy({
    name: 'isTargetOfChannel',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const channel = (args?.object as { channel?: unknown } | undefined)?.channel;
        if (typeof value !== 'string') return false;
        if (channel === 'webhook') return isWebhookUrl(value);
        if (channel === 'email') return isEmail(value);
        return true; // the channel itself is refused
      },
      defaultMessage: (args?: ValidationArguments) =>
        (args?.object as { channel?: unknown } | undefined)?.channel === 'email'
          ? 'target must be an email address'
          : 'target must be an http:// or https:// URL (without user:password)',
    },
  });
}

/** What a subscription asks for: where alerts go, and which alerts (null filters match all). */
export interface SubscriptionRequest {
  name: string;
  channel: DeliveryChannel;
  target: string;
  recipient?: Recipient;
  unit?: string;
  rungs?: string[];
}

export class CreateSubscriptionDto implements SubscriptionRequest {
  @ApiProperty({ description: 'Who it is for, e.g. 区政府督查室 or 区民政局 值班邮箱.', example: '区政府督查室', minLength: 1, maxLength: 100, pattern: LINE_PATTERN })
  @IsString() @IsNotEmpty() @MaxLength(100) @IsCleanLine()
  name!: string;

  @ApiProperty({ enum: DELIVERY_CHANNELS })
  @IsIn(DELIVERY_CHANNELS)
  channel!: DeliveryChannel;

  @ApiProperty({
    description:
      'webhook: an http(s) URL that answers 2xx, on a public address (a host that is or resolves to a loopback, private, ' +
      'link-local or other internal address is refused unless the operator lists it in BANLI_WEBHOOK_ALLOW_HOSTS); email: an address.',
    example: 'https://duban.example.gov.cn/hooks/banli',
    minLength: 1, maxLength: 2000, pattern: LINE_PATTERN,
  })
  @IsString() @IsNotEmpty() @MaxLength(2000) @IsCleanLine() @IsTargetOfChannel()
  target!: string;

  @ApiPropertyOptional({ enum: RECIPIENTS, description: 'Only alerts that name this ladder recipient (e.g. supervisor).' })
  @Optional() @IsIn(RECIPIENTS)
  recipient?: Recipient;

  @ApiPropertyOptional({ description: 'Only alerts about this handling unit.', example: '区民政局', minLength: 1, maxLength: 100, pattern: LINE_PATTERN })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(100) @IsCleanLine()
  unit?: string;

  @ApiPropertyOptional({
    type: [String],
    enum: ALERT_KINDS,
    minItems: 1, maxItems: ALERT_KINDS.length, uniqueItems: true,
    description: 'Only these rungs of the ladder (matched against the alert’s kind and rung id); left out: every rung.',
  })
  @Optional() @IsArray() @ArrayNotEmpty() @ArrayMaxSize(ALERT_KINDS.length) @ArrayUnique()
  @IsIn(ALERT_KINDS, { each: true, message: `each value in rungs must be one of: ${ALERT_KINDS.join(', ')}` })
  rungs?: string[];
}

export class SubscriptionDto {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: DELIVERY_CHANNELS }) channel!: DeliveryChannel;
  @ApiProperty() target!: string;
  @ApiProperty({ enum: RECIPIENTS, nullable: true, type: String }) recipient!: Recipient | null;
  @ApiProperty({ nullable: true, type: String }) unit!: string | null;
  @ApiProperty({ type: [String], nullable: true }) rungs!: string[] | null;
  @ApiProperty() createdAt!: string;
}

export class CreatedSubscriptionDto extends SubscriptionDto {
  @ApiPropertyOptional({
    description: 'Webhooks only, shown once: the Standard Webhooks signing secret (whsec_…) to verify webhook-signature with.',
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  })
  secret?: string;
}

export class SubscriptionListDto {
  @ApiProperty() count!: number;
  @ApiProperty({ type: [SubscriptionDto] }) subscriptions!: SubscriptionDto[];
}
