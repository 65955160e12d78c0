import type { PolicyRef } from '../../policies/dto/policy.dto';
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsCleanLine, IsCleanText, IsCleanValue, IsIsoDate, Optional } from '../../common/validators';
import { jsonDepthExceeds, LINE_PATTERN, TEXT_PATTERN } from '../../edge/text-rules';
import { PolicyRefDto } from '../../policies/dto/policy.dto';
import { CASE_KINDS, CaseKind } from '../../../../../libs/policy';
import { CASE_LIMITS, CASE_NUMBER_PATTERN, type LaunchCase } from '../../../../../libs/launch-sheet';
import { LaunchedCaseDto } from '../../launches/dto/launch.dto';

export { LaunchedCaseDto };

/** A cycle's id: part of every case id and of Temporal's search attributes. */
export const CYCLE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

export type PolicyOverrides = Partial<Record<CaseKind, Record<string, unknown>>>;

export class LaunchCaseDto implements LaunchCase {
  @ApiProperty({ enum: CASE_KINDS, example: 'npc-suggestion' })
  @IsIn(CASE_KINDS)
  kind!: CaseKind;

  @ApiProperty({ example: '第十七届人大七次会议', minLength: 1, maxLength: CASE_LIMITS.session, pattern: LINE_PATTERN })
  @IsString() @IsNotEmpty() @MaxLength(CASE_LIMITS.session) @IsCleanLine()
  session!: string;

  @ApiProperty({ example: '11', description: 'Unique per kind within the cycle; ASCII letters, digits and hyphens.', pattern: CASE_NUMBER_PATTERN.source })
  @IsString() @Matches(CASE_NUMBER_PATTERN, { message: 'number must be 1-32 ASCII letters, digits or hyphens' })
  number!: string;

  @ApiProperty({ example: '关于充分发挥社区老年日间中心作用的建议', minLength: 1, maxLength: CASE_LIMITS.title, pattern: TEXT_PATTERN })
  @IsString() @IsNotEmpty() @MaxLength(CASE_LIMITS.title) @IsCleanText()
  title!: string;

  @ApiProperty({
    type: 'array', items: { type: 'string', minLength: 1, maxLength: CASE_LIMITS.name, pattern: LINE_PATTERN },
    minItems: 1, maxItems: CASE_LIMITS.submitters, description: 'Lead submitter first, then co-signers.', example: ['第11号建议领衔代表'],
  })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(CASE_LIMITS.submitters) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(CASE_LIMITS.name, { each: true })
  @IsCleanLine({ each: true })
  submitters!: string[];

  @ApiProperty({ example: '区民政局', minLength: 1, maxLength: CASE_LIMITS.name, pattern: LINE_PATTERN })
  @IsString() @IsNotEmpty() @MaxLength(CASE_LIMITS.name) @IsCleanLine()
  leadUnit!: string;

  @ApiPropertyOptional({
    type: 'array', items: { type: 'string', minLength: 1, maxLength: CASE_LIMITS.name, pattern: LINE_PATTERN },
    maxItems: CASE_LIMITS.coUnits, example: ['区司法局'],
  })
  @Optional() @IsArray() @ArrayMaxSize(CASE_LIMITS.coUnits) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(CASE_LIMITS.name, { each: true })
  @IsCleanLine({ each: true })
  coUnits: string[] = [];

  @ApiPropertyOptional({ type: Boolean, description: '重点督办件' })
  @Optional() @IsBoolean()
  keySupervised: boolean = false;

  @ApiPropertyOptional({ type: Boolean, description: '闭会件' })
  @Optional() @IsBoolean()
  closedSession: boolean = false;

  @ApiPropertyOptional({ type: Boolean, description: 'Wide-ranging or difficult: 6-month reply deadline.' })
  @Optional() @IsBoolean()
  complex: boolean = false;
}

/** What a cycle is, apart from its cases and policy overrides: the JSON launch's fields, or an upload's form fields. */
export class CycleFieldsDto {
  @ApiProperty({ example: 'dongli-mca-2020', description: 'Lower-case letters, digits and hyphens.', pattern: CYCLE_ID_PATTERN.source })
  @IsString() @Matches(CYCLE_ID_PATTERN, { message: 'cycleId must be 2-63 lower-case letters, digits or hyphens' })
  cycleId!: string;

  @ApiProperty({ example: '东丽区民政局 2020 年建议提案办理', minLength: 1, maxLength: 200, pattern: TEXT_PATTERN })
  @IsString() @IsNotEmpty() @MaxLength(200) @IsCleanText()
  title!: string;

  @ApiPropertyOptional({ example: '天津市东丽区', maxLength: 100, pattern: LINE_PATTERN })
  @Optional() @IsString() @MaxLength(100) @IsCleanLine()
  jurisdiction?: string;

  @ApiPropertyOptional({ example: '2020-04-10', format: 'date', description: 'Assignment date (T0); defaults to today in China.' })
  @Optional() @IsString() @IsIsoDate()
  assignedOn?: string;

  @ApiPropertyOptional({ example: '2020-01-10', format: 'date', description: 'The session’s close (闭会日期), for policies counting deadlines from it.' })
  @Optional() @IsString() @IsIsoDate()
  sessionClosedOn?: string;
}

const POLICY_OVERRIDES_DOC = {
  description: 'Changes to the preset policy of each kind this cycle runs under (any value; arrays replace). Validated at launch.',
  example: { 'npc-suggestion': { deadlines: { reply: { amount: 2, unit: 'calendar-months', from: 'assignment' } } } },
};

const POLICIES_DOC = {
  description: 'A stored policy document (POST /api/policies) per kind, instead of the preset; policyOverrides apply on top.',
  example: { 'npc-suggestion': { id: 'dongli-npc', version: '2020.1' } },
};

export class LaunchCycleDto extends CycleFieldsDto {
  @ApiPropertyOptional({ ...POLICY_OVERRIDES_DOC, type: 'object', additionalProperties: true })
  @Optional() @IsObject() @IsCleanValue()
  policyOverrides?: PolicyOverrides;

  @ApiPropertyOptional({ ...POLICIES_DOC, type: 'object', additionalProperties: { $ref: getSchemaPath(PolicyRefDto) } })
  @Optional() @IsObject() @IsCleanValue()
  policies?: Partial<Record<CaseKind, PolicyRef>>;

  @ApiProperty({ type: [LaunchCaseDto], minItems: 1, maxItems: CASE_LIMITS.maxCases })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(CASE_LIMITS.maxCases)
  // Each case an object before its fields are checked (`[[]]` is no case), and before the checks across cases.
  @IsObject({ each: true, message: 'each case must be an object' })
  @ValidateNested({ each: true }) @Type(() => LaunchCaseDto)
  cases!: LaunchCaseDto[];
}

/**
 * A form field holding JSON: parsed, or left as the string it was (and refused by the field's
 * validator) — also when it nests too deep to be parsed and checked safely.
 */
function parseJsonField({ value }: { value: unknown }): unknown {
  if (typeof value !== 'string' || jsonDepthExceeds(value)) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The form fields of a sheet upload (multipart/form-data, the sheet in `file`). */
export class LaunchSheetFieldsDto extends CycleFieldsDto {
  @ApiPropertyOptional({ ...POLICY_OVERRIDES_DOC, type: String, description: `${POLICY_OVERRIDES_DOC.description} A JSON object in a form field.` })
  @Optional() @Transform(parseJsonField) @IsObject({ message: 'policyOverrides must be a JSON object' }) @IsCleanValue()
  policyOverrides?: PolicyOverrides;

  @ApiPropertyOptional({ ...POLICIES_DOC, type: String, description: `${POLICIES_DOC.description} A JSON object in a form field.` })
  @Optional() @Transform(parseJsonField) @IsObject({ message: 'policies must be a JSON object' }) @IsCleanValue()
  policies?: Partial<Record<CaseKind, PolicyRef>>;
}

/** Cases added to a launched cycle (闭会件 arrive one by one), as JSON. */
export class AddCasesDto {
  @ApiPropertyOptional({ example: '2020-09-01', format: 'date', description: 'Assignment date (T0) of these cases; defaults to today in China.' })
  @Optional() @IsString() @IsIsoDate()
  assignedOn?: string;

  @ApiProperty({ type: [LaunchCaseDto], minItems: 1, maxItems: CASE_LIMITS.maxCases })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(CASE_LIMITS.maxCases)
  @IsObject({ each: true, message: 'each case must be an object' })
  @ValidateNested({ each: true }) @Type(() => LaunchCaseDto)
  cases!: LaunchCaseDto[];
}

/** The form fields of a sheet of cases added to a launched cycle. */
export class AddSheetCasesFieldsDto {
  @ApiPropertyOptional({ example: '2020-09-01', format: 'date', description: 'Assignment date (T0) of these cases; defaults to today in China.' })
  @Optional() @IsString() @IsIsoDate()
  assignedOn?: string;
}

/** 201: every case started (or already running) before the answer. */
export class LaunchedCycleDto {
  @ApiProperty({ example: 'dongli-mca-2020' }) cycleId!: string;
  @ApiProperty({ type: [LaunchedCaseDto] }) cases!: LaunchedCaseDto[];
}
