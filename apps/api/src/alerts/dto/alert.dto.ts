import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import type { AlertData } from '../../../../../libs/alerts/alert-message';
import { RECIPIENTS } from '../../../../../libs/policy';
import { ALERT_KINDS } from '../../../../../libs/alerts';
import type { AlertKind, Recipient } from '../../../../../libs/alerts';
import { DELIVERY_CHANNELS, DeliveryChannel } from '../../../../../libs/contract';
import { IsCleanLine, Optional } from '../../common/validators';
import { LINE_PATTERN } from '../../edge/text-rules';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO 8601 instant with a zone: 2020-10-10T08:00:00+08:00 or …Z. */
function IsInstant(): PropertyDecorator {
  return ValidateBy({
    name: 'isInstant',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && INSTANT.test(value) && !Number.isNaN(Date.parse(value)),
      defaultMessage: (args) => `${args?.property} must be an ISO 8601 date-time with Z or an offset`,
    },
  });
}

/** Filters shared by the list and the stream. */
export class AlertFilterDto {
  @ApiPropertyOptional({ example: 'dongli-mca-2020.npc-suggestion.11' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(200)
  caseId?: string;

  @ApiPropertyOptional({ description: 'The handling unit the alert is about.', example: '区民政局' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(100)
  unit?: string;

  @ApiPropertyOptional({ enum: ALERT_KINDS })
  @Optional() @IsIn(ALERT_KINDS)
  kind?: AlertKind;

  @ApiPropertyOptional({ enum: RECIPIENTS, description: 'Alerts that name this ladder recipient.' })
  @Optional() @IsIn(RECIPIENTS)
  recipient?: Recipient;
}

export class ListAlertsQueryDto extends AlertFilterDto {
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @Optional() @IsIn(['true', 'false'])
  acknowledged?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Alerts emitted at or after this instant.', example: '2020-10-10T00:00:00+08:00' })
  @Optional() @IsInstant()
  since?: string;

  @ApiPropertyOptional({ type: Number, default: 100, maximum: 1000 })
  @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(1000)
  limit: number = 100;
}

export class StreamAlertsQueryDto extends AlertFilterDto {
  @ApiPropertyOptional({ description: 'As the Last-Event-ID header (which wins): replay the alerts emitted after this one.' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(500)
  lastEventId?: string;
}

export class AckAlertDto {
  @ApiPropertyOptional({
    description: 'Who acknowledges it; set from the API key (an office key’s name for whom it acknowledges is kept beside its own).',
    example: '区政府督查室 李四', minLength: 1, maxLength: 100, pattern: LINE_PATTERN,
  })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(100) @IsCleanLine()
  actor?: string;
}

export class AcknowledgementDto {
  @ApiProperty() at!: string;
  @ApiProperty() by!: string;
}

export class AlertDto implements AlertData {
  @ApiProperty({ example: 'dongli-mca-2020.npc-suggestion.11/reply/r1/overdue' }) alertId!: string;
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'reply' }) deadline!: string;
  @ApiProperty({ example: '答复' }) deadlineLabel!: string;
  @ApiProperty({ nullable: true, type: String, example: '2020-10-09' }) dueOn!: string | null;
  @ApiProperty({ enum: ALERT_KINDS }) kind!: AlertKind;
  @ApiProperty({ example: '催办' }) kindLabel!: string;
  @ApiProperty() rungId!: string;
  @ApiProperty({ enum: RECIPIENTS, isArray: true }) recipients!: Recipient[];
  @ApiProperty({ type: [String], example: ['单位负责人', '督办部门'] }) recipientLabels!: string[];
  @ApiProperty({ nullable: true, type: String }) unit!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseNumberLabel!: string | null;
  @ApiProperty({ nullable: true, type: String }) caseTitle!: string | null;
  @ApiProperty({ example: '【催办】第十七届人大七次会议第11号建议答复已逾期' }) title!: string;
  @ApiProperty() text!: string;
  @ApiProperty() deliverAt!: string;
  @ApiProperty() emittedAt!: string;
  @ApiProperty({ type: AcknowledgementDto, nullable: true }) acknowledged!: AcknowledgementDto | null;
}

export class AlertListDto {
  @ApiProperty() count!: number;
  @ApiProperty({ type: [AlertDto] }) alerts!: AlertDto[];
}

export class DeliveryAttemptDto {
  @ApiProperty() subscriptionId!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The subscription’s URL or address.' }) target!: string | null;
  @ApiProperty({ enum: DELIVERY_CHANNELS }) channel!: DeliveryChannel;
  @ApiProperty({ description: 'Temporal’s attempt number, from 1.' }) attempt!: number;
  @ApiProperty({ enum: ['delivered', 'failed'] }) status!: 'delivered' | 'failed';
  @ApiProperty({ nullable: true, type: Number, description: 'HTTP status, or SMTP reply code.' }) statusCode!: number | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
  @ApiProperty() attemptedAt!: string;
}

export class DeliveryLogDto {
  @ApiProperty() alertId!: string;
  @ApiProperty({ type: [DeliveryAttemptDto] }) attempts!: DeliveryAttemptDto[];
}
