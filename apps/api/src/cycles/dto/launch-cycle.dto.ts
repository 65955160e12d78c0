import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
import { IsIsoDate, Optional } from '../../common/validators';
import { CASE_KINDS, CaseKind } from '../../../../../libs/policy';

export class LaunchCaseDto {
  @ApiProperty({ enum: CASE_KINDS, example: 'npc-suggestion' })
  @IsIn(CASE_KINDS)
  kind!: CaseKind;

  @ApiProperty({ example: '第十七届人大七次会议' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  session!: string;

  @ApiProperty({ example: '11', description: 'Unique per kind within the cycle; ASCII letters, digits and hyphens.' })
  @IsString() @Matches(/^[0-9A-Za-z-]{1,32}$/, { message: 'number must be 1-32 ASCII letters, digits or hyphens' })
  number!: string;

  @ApiProperty({ example: '关于充分发挥社区老年日间中心作用的建议' })
  @IsString() @IsNotEmpty() @MaxLength(300)
  title!: string;

  @ApiProperty({ type: [String], description: 'Lead submitter first, then co-signers.', example: ['第11号建议领衔代表'] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(200) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(100, { each: true })
  submitters!: string[];

  @ApiProperty({ example: '区民政局' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  leadUnit!: string;

  @ApiPropertyOptional({ type: [String], example: ['区司法局'] })
  @Optional() @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @IsNotEmpty({ each: true }) @MaxLength(100, { each: true })
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

export class LaunchCycleDto {
  @ApiProperty({ example: 'dongli-mca-2020', description: 'Lower-case letters, digits and hyphens.' })
  @IsString() @Matches(/^[a-z0-9][a-z0-9-]{1,62}$/, { message: 'cycleId must be 2-63 lower-case letters, digits or hyphens' })
  cycleId!: string;

  @ApiProperty({ example: '东丽区民政局 2020 年建议提案办理' })
  @IsString() @IsNotEmpty() @MaxLength(200)
  title!: string;

  @ApiPropertyOptional({ example: '天津市东丽区' })
  @Optional() @IsString() @MaxLength(100)
  jurisdiction?: string;

  @ApiPropertyOptional({ example: '2020-04-10', description: 'Assignment date (T0); defaults to today in China.' })
  @Optional() @IsString() @IsIsoDate()
  assignedOn?: string;

  @ApiPropertyOptional({ example: '2020-01-10', description: 'The session’s close (闭会日期), for policies counting deadlines from it.' })
  @Optional() @IsString() @IsIsoDate()
  sessionClosedOn?: string;

  @ApiPropertyOptional({
    description:
      "Changes to the preset policy of each kind this cycle runs under (any value; arrays replace). Validated at launch.",
    example: { 'npc-suggestion': { deadlines: { reply: { amount: 2, unit: 'calendar-months', from: 'assignment' } } } },
  })
  @Optional() @IsObject()
  policyOverrides?: Partial<Record<CaseKind, Record<string, unknown>>>;

  @ApiProperty({ type: [LaunchCaseDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5000)
  @ValidateNested({ each: true }) @Type(() => LaunchCaseDto)
  cases!: LaunchCaseDto[];
}

export class LaunchedCaseDto {
  @ApiProperty({ example: 'dongli-mca-2020.npc-suggestion.11' }) caseId!: string;
  @ApiProperty({ enum: CASE_KINDS }) kind!: CaseKind;
  @ApiProperty({ example: '11' }) number!: string;
}

export class LaunchedCycleDto {
  @ApiProperty({ example: 'dongli-mca-2020' }) cycleId!: string;
  @ApiProperty({ type: [LaunchedCaseDto] }) cases!: LaunchedCaseDto[];
}
