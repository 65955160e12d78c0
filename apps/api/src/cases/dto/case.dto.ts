/**
 * The case as the API answers it (GET /api/cases/{caseId} and every step), for the OpenAPI
 * document: the fields every case has are listed and required; a case carries more as it goes
 * (its work plan, draft, reply, reviews, surveys, …: libs/contract/case.types.ts, CaseState), so
 * further properties are allowed.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_ACTIONS, CaseStage, CO_UNIT_ACTIONS } from '../../../../../libs/contract';
import { CASE_KINDS } from '../../../../../libs/policy';

const EXECUTION_STATUSES = ['running', 'completed', 'failed', 'cancelled', 'terminated', 'timed-out', 'continued-as-new'];

export class HistoryEntryDto {
  @ApiProperty() seq!: number;
  @ApiProperty({ example: 'sign' }) action!: string;
  @ApiProperty({ example: '区民政局/张三' }) actor!: string;
  @ApiProperty() at!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details!: Record<string, unknown>;
}

export class DueDateDto {
  @ApiProperty({ example: '2020-10-09', format: 'date' }) dueOn!: string;
  @ApiProperty({ description: 'The instant it becomes overdue.' }) dueAt!: string;
  @ApiProperty({ example: '自2020-07-01起3个月为2020-10-01，遇非工作日2020-10-01至2020-10-08(国庆节)顺延，截止2020-10-09' }) explanation!: string;
}

export class DeadlineDto {
  @ApiProperty({ example: 'reply' }) id!: string;
  @ApiProperty({ example: 'reply', description: 'The step that meets it.' }) step!: string;
  @ApiProperty({ type: DueDateDto, description: 'Also: skipped days, rolledFrom, provisional, calendar, extendedFrom.' }) due!: DueDateDto;
  @ApiProperty({ enum: ['open', 'met', 'overdue', 'met-late'] }) status!: string;
  @ApiPropertyOptional() metAt?: string;
  @ApiPropertyOptional() overdueSince?: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'The ladder’s alerts with their status.' })
  alerts?: unknown[];
  @ApiPropertyOptional() revision?: number;
  @ApiPropertyOptional() suspended?: boolean;
}

export class StepOutcomeDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: 'sign' }) action!: string;
  @ApiProperty({ example: 'signed' }) stage!: string;
  @ApiProperty({ description: 'The history entry the step wrote last.' }) seq!: number;
  @ApiPropertyOptional({ description: 'Co-unit steps: the co-unit.' }) unit?: string;
}

export class CaseDto {
  @ApiProperty({ example: 'dongli-mca-2020.npc-suggestion.11' }) caseId!: string;
  @ApiProperty({ example: 'dongli-mca-2020' }) cycleId!: string;
  @ApiProperty({ enum: CASE_KINDS }) kind!: string;
  @ApiProperty({ example: '11' }) number!: string;
  @ApiProperty() title!: string;
  @ApiProperty() leadUnit!: string;
  @ApiProperty({ type: [String] }) coUnits!: string[];
  @ApiProperty({ enum: Object.values(CaseStage) }) stage!: CaseStage;
  @ApiProperty({ example: '已签收' }) stageLabel!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: [DeadlineDto] }) deadlines!: DeadlineDto[];
  @ApiProperty({ type: [HistoryEntryDto] }) history!: HistoryEntryDto[];
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...CASE_ACTIONS] }, description: 'What the case allows now.' }) allowedActions!: string[];
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...CASE_ACTIONS] }, description: 'Those the calling key may perform itself.' }) yourActions!: string[];
  @ApiProperty() needsAttention!: boolean;
  @ApiProperty({ enum: EXECUTION_STATUSES }) executionStatus!: string;
  @ApiPropertyOptional({ description: 'The workflow version the case started under (9 on).' }) version?: number;
}

/** A step's answer: the case after it, and the step's outcome (the same for every retry with its Idempotency-Key). */
export class CaseStepDto extends CaseDto {
  @ApiProperty({ type: StepOutcomeDto }) step!: StepOutcomeDto;
  @ApiPropertyOptional({ description: 'After a merge: the cases linked, and any that refused.', type: 'object', additionalProperties: true })
  merge?: Record<string, unknown>;
}

export class CoUnitDto {
  @ApiProperty() caseId!: string;
  @ApiProperty({ example: '区司法局' }) unit!: string;
  @ApiProperty({ enum: ['assigned', 'signed', 'opinion-given', 'cancelled'] }) stage!: string;
  @ApiProperty({ type: [DeadlineDto] }) deadlines!: DeadlineDto[];
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: [HistoryEntryDto] }) history!: HistoryEntryDto[];
  @ApiProperty({ type: 'array', items: { type: 'string', enum: [...CO_UNIT_ACTIONS] } }) allowedActions!: string[];
  @ApiProperty({ enum: EXECUTION_STATUSES }) executionStatus!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true }) opinion?: Record<string, unknown>;
}

export class CoUnitStepDto extends CoUnitDto {
  @ApiProperty({ type: StepOutcomeDto }) step!: StepOutcomeDto;
}
