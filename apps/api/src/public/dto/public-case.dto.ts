import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { CaseSummaryDto } from '../../cases/dto/list-cases.dto';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Optional } from '../../common/validators';
import { CASE_KINDS, CaseKind } from '../../../../../libs/policy';
import { CaseStage } from '../../../../../libs/contract';

/** Visibility queries take these values inside quotes. */
const NO_QUOTES = /^[^"\\]*$/;

export class PublicCasesQueryDto {
  @ApiPropertyOptional({ example: 'dongli-mca-2020' })
  @Optional() @IsString() @MaxLength(63) @Matches(NO_QUOTES, { message: 'cycleId must not contain " or \\' })
  cycleId?: string;

  @ApiPropertyOptional({ description: 'Cases this unit leads or co-handles.', example: '区民政局' })
  @Optional() @IsString() @MaxLength(100) @Matches(NO_QUOTES, { message: 'unit must not contain " or \\' })
  unit?: string;

  @ApiPropertyOptional({ enum: CASE_KINDS })
  @Optional() @IsIn(CASE_KINDS)
  kind?: CaseKind;

  @ApiPropertyOptional({ enum: CaseStage })
  @Optional() @IsIn(Object.values(CaseStage))
  stage?: CaseStage;

  @ApiPropertyOptional({ description: '届次会次, exactly as the case has it.', example: '第十七届人大七次会议' })
  @Optional() @IsString() @MaxLength(100)
  session?: string;

  @ApiPropertyOptional({ description: 'The case’s number, exactly.', example: '11' })
  @Optional() @IsString() @MaxLength(32)
  number?: string;

  @ApiPropertyOptional({ description: 'Words that must all appear in the title or in the reply published in full (e.g. 养老 社区).', example: '养老' })
  @Optional() @IsString() @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: replies published as public (公开) only; false: cases without one.' })
  @Optional() @IsIn(['true', 'false'])
  published?: 'true' | 'false';

  @ApiPropertyOptional({ type: Number, default: 500, maximum: 5000 })
  @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(5000)
  limit: number = 500;

  @ApiPropertyOptional({ type: Number, default: 0, description: 'Cases to skip (by case id), for the next page.' })
  @Optional() @Type(() => Number) @IsInt() @Min(0) @Max(1_000_000)
  offset: number = 0;
}

export class PublicationDto {
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ description: 'Passages were left out of the published reply; its text is then not served here.' }) redacted!: boolean;
}

/** Which unit handles what: nothing about submitters, deadlines or history. */
export class PublicCaseSummaryDto extends PickType(CaseSummaryDto, [
  'caseId', 'cycleId', 'kind', 'number', 'title', 'leadUnit', 'coUnits', 'stage',
] as const) {
  @ApiProperty({ example: '已答复' }) stageLabel!: string;
}

/** A case of the public list: its session, and when its reply was published as public. */
export class PublicCaseListItemDto extends PublicCaseSummaryDto {
  @ApiProperty({ example: '第十七届人大七次会议' }) session!: string;
  @ApiPropertyOptional({ description: 'Once the reply is published as public (公开).' }) publication?: PublicationDto;
}

export class PublicCaseListDto {
  @ApiProperty({ description: 'Cases in this page.' }) count!: number;
  @ApiProperty({ description: 'Cases matching the filters in all.' }) total!: number;
  @ApiProperty({ type: [PublicCaseListItemDto] }) cases!: PublicCaseListItemDto[];
}

export class PublishedReplyDto {
  @ApiProperty() text!: string;
  @ApiProperty() repliedAt!: string;
}

export class PublicCaseDto extends PublicCaseSummaryDto {
  @ApiProperty({ example: '第十七届人大七次会议' }) session!: string;
  @ApiPropertyOptional({ description: 'When the reply was published (公开).' }) publication?: PublicationDto;
  @ApiPropertyOptional({ description: 'The reply text, once published in full. Never the contact person or phone.' }) reply?: PublishedReplyDto;
}
