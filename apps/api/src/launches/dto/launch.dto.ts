import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LAUNCH_OUTCOMES, type LaunchOutcome, SHEET_COLUMNS, type SheetColumn } from '../../../../../libs/launch-sheet';
import { CASE_KINDS, CaseKind } from '../../../../../libs/policy';

export const LAUNCH_STATUSES = ['running', 'completed', 'failed'] as const;
export type LaunchStatus = (typeof LAUNCH_STATUSES)[number];

/** One field where a launched row differs from the case that exists: from the case's value to the launch's. */
export class CaseDifferenceDto {
  @ApiProperty({ enum: SHEET_COLUMNS, example: 'leadUnit', description: 'The sheet column’s API name (submitters are leadSubmitter and coSigners).' })
  field!: SheetColumn;

  @ApiProperty({ example: '主办单位', description: 'The column’s header in the template.' })
  column!: string;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }], example: '区民政局', description: 'What the case has.' })
  from!: string | string[] | boolean;

  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'array', items: { type: 'string' } }], example: '区教育局', description: 'What the launch says.' })
  to!: string | string[] | boolean;
}

/** A case of a launch that exists already: where it came from (the sheet's row, or its place in a JSON launch's `cases`). */
export class ExistingCaseDto {
  @ApiProperty({ example: 'dongli-2021.npc-suggestion.5' }) caseId!: string;
  @ApiPropertyOptional({ example: 5, description: 'The sheet row (uploads).' }) row?: number;
  @ApiPropertyOptional({ example: 3, description: 'The place in `cases` (JSON launches), from 0.' }) index?: number;
}

export class ChangedCaseDto extends ExistingCaseDto {
  @ApiProperty({ type: [CaseDifferenceDto] }) differences!: CaseDifferenceDto[];
}

export class LaunchCaseOutcomeDto extends ExistingCaseDto {
  @ApiPropertyOptional({ enum: LAUNCH_OUTCOMES, description: 'Absent while the case waits to be handled.' }) outcome?: LaunchOutcome;
  @ApiPropertyOptional({ type: [CaseDifferenceDto] }) differences?: CaseDifferenceDto[];
}

/** GET /api/launches/{launchId}: how far a launch has come, and what it did with each case. */
export class LaunchDto {
  @ApiProperty({ example: '6f1c…' }) launchId!: string;
  @ApiProperty({ example: 'dongli-mca-2020' }) cycleId!: string;
  @ApiProperty({ enum: LAUNCH_STATUSES }) status!: LaunchStatus;
  @ApiProperty({ description: 'Cases the launch names.' }) total!: number;
  @ApiProperty({ description: 'Cases handled so far: started, or found existing (launching is idempotent). `created` + `unchanged` + `changed` + `notCompared` once recorded.' })
  started!: number;
  @ApiPropertyOptional({ description: 'Cases this launch started (new).' }) created?: number;
  @ApiPropertyOptional({ description: 'Cases that existed with the same content: left as they are.' }) unchanged?: number;
  @ApiPropertyOptional({ type: [ChangedCaseDto], description: 'Cases that existed with other content: left as they are (a launch changes no case that exists), each with how it differs.' })
  changed?: ChangedCaseDto[];
  @ApiPropertyOptional({ type: [ExistingCaseDto], description: 'Cases that existed but are not yet in the read model, so could not be compared (rare: a case started moments ago).' })
  notCompared?: ExistingCaseDto[];
  @ApiPropertyOptional({ type: [LaunchCaseOutcomeDto], description: 'With ?cases=all (or an outcome, or pending): every such case of the launch, in its order.' })
  cases?: LaunchCaseOutcomeDto[];
  @ApiPropertyOptional({ description: 'Why a failed launch stopped; launching again starts the rest.' }) error?: string;
  @ApiProperty() createdAt!: string;
  @ApiPropertyOptional() finishedAt?: string;
}

export class LaunchedCaseDto {
  @ApiProperty({ example: 'dongli-mca-2020.npc-suggestion.11' }) caseId!: string;
  @ApiProperty({ enum: CASE_KINDS }) kind!: CaseKind;
  @ApiProperty({ example: '11' }) number!: string;
}

/** 202: the launch goes on in the background; poll `Location` (GET /api/launches/{launchId}). */
export class LaunchAcceptedDto extends LaunchDto {
  @ApiProperty({ type: [LaunchedCaseDto], description: 'The ids the cases get (known before they start).' })
  override cases: LaunchedCaseDto[] = [];

  @ApiPropertyOptional({ type: [Number], description: 'Sheet rows read past as not cases: blank (only a 序号 or 备注), headings and footers.' })
  skippedRows?: number[];
}

export class PreviewCaseDto extends LaunchedCaseDto {
  @ApiPropertyOptional({ example: 5 }) row?: number;
  @ApiPropertyOptional({ example: 3 }) index?: number;
  @ApiProperty({ enum: LAUNCH_OUTCOMES, description: 'What launching would do: created (start it), unchanged, changed (left as it is), existing (exists, not comparable).' })
  outcome!: LaunchOutcome;
  @ApiPropertyOptional({ type: [CaseDifferenceDto] }) differences?: CaseDifferenceDto[];
}

/** 200 for ?dryRun=true: what the launch would do, nothing started and nothing recorded. */
export class LaunchPreviewDto {
  @ApiProperty({ example: true }) dryRun!: true;
  @ApiProperty({ example: 'dongli-2021' }) cycleId!: string;
  @ApiProperty() total!: number;
  @ApiProperty({ description: 'Cases the launch would start.' }) created!: number;
  @ApiProperty() unchanged!: number;
  @ApiProperty({ type: [ChangedCaseDto] }) changed!: ChangedCaseDto[];
  @ApiProperty({ type: [ExistingCaseDto] }) notCompared!: ExistingCaseDto[];
  @ApiPropertyOptional({ type: [Number] }) skippedRows?: number[];
  @ApiProperty({ type: [PreviewCaseDto] }) cases!: PreviewCaseDto[];
}
