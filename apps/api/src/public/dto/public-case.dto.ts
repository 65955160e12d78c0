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

  @ApiPropertyOptional({ type: Number, default: 500, maximum: 5000 })
  @Optional() @Type(() => Number) @IsInt() @Min(1) @Max(5000)
  limit: number = 500;
}

/** Which unit handles what: nothing about submitters, deadlines or history. */
export class PublicCaseSummaryDto extends PickType(CaseSummaryDto, [
  'caseId', 'cycleId', 'kind', 'number', 'title', 'leadUnit', 'coUnits', 'stage',
] as const) {
  @ApiProperty({ example: '已答复' }) stageLabel!: string;
}

export class PublicCaseListDto {
  @ApiProperty() count!: number;
  @ApiProperty({ type: [PublicCaseSummaryDto] }) cases!: PublicCaseSummaryDto[];
}

export class PublicationDto {
  @ApiProperty() publishedAt!: string;
  @ApiProperty({ description: 'Passages were left out of the published reply; its text is then not served here.' }) redacted!: boolean;
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
