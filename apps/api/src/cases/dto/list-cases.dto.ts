import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/validators';
import { CASE_KINDS, CaseKind } from '../../../../../libs/policy';
import { CaseStage } from '../../../../../libs/contract';

/** Visibility queries take these values inside quotes. */
const NO_QUOTES = /^[^"\\]*$/;

export class ListCasesQueryDto {
  @ApiPropertyOptional({ example: 'dongli-mca-2020' })
  @Optional() @IsString() @MaxLength(63) @Matches(NO_QUOTES, { message: 'cycleId must not contain " or \\' })
  cycleId?: string;

  @ApiPropertyOptional({ description: 'Cases where this unit is lead or co-unit.', example: '区民政局' })
  @Optional() @IsString() @MaxLength(100) @Matches(NO_QUOTES, { message: 'unit must not contain " or \\' })
  unit?: string;

  @ApiPropertyOptional({ enum: CaseStage })
  @Optional() @IsIn(Object.values(CaseStage))
  stage?: CaseStage;

  @ApiPropertyOptional({ enum: CASE_KINDS })
  @Optional() @IsIn(CASE_KINDS)
  kind?: CaseKind;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @Optional() @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Key-supervised cases (重点督办件) only, or ordinary ones only.' })
  @Optional() @IsIn(['true', 'false'])
  keySupervised?: 'true' | 'false';

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Cases that need the office (a failed co-unit or task).' })
  @Optional() @IsIn(['true', 'false'])
  needsAttention?: 'true' | 'false';

  @ApiPropertyOptional({ description: 'Words that must all appear in the title, a submitter or the reply (e.g. 养老 社区).', example: '养老' })
  @Optional() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ type: Number, default: 500, maximum: 5000 })
  @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(5000)
  limit: number = 500;

  @ApiPropertyOptional({ type: Number, default: 0, description: 'Cases to skip (by case id), for the next page.' })
  @Optional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset: number = 0;
}

export class CaseSummaryDto {
  @ApiProperty() caseId!: string;
  @ApiProperty() cycleId!: string;
  @ApiProperty({ enum: CASE_KINDS }) kind!: CaseKind;
  @ApiProperty() number!: string;
  @ApiProperty() title!: string;
  @ApiProperty() leadUnit!: string;
  @ApiProperty({ type: [String] }) coUnits!: string[];
  @ApiProperty({ enum: CaseStage }) stage!: CaseStage;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() keySupervised!: boolean;
  @ApiProperty() needsAttention!: boolean;
  @ApiPropertyOptional({ enum: ['satisfied', 'dissatisfied', 'no-response', 'withdrawn'] }) closedAs?: string;
  @ApiPropertyOptional({ description: 'When the reply becomes overdue (ISO instant).' }) replyDueAt?: string;
}

export class CaseListDto {
  @ApiProperty({ description: 'Cases in this page.' }) count!: number;
  @ApiProperty({ description: 'Cases matching the filters in all.' }) total!: number;
  @ApiProperty({ type: [CaseSummaryDto] }) cases!: CaseSummaryDto[];
}
