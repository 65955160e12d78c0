import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CASE_KINDS, CaseKind } from '../../../../../libs/policy';
import { CaseStage } from '../../../../../workflows/case/case.definitions';

export class ListCasesQueryDto {
  @ApiPropertyOptional({ example: 'dongli-mca-2020' })
  @IsOptional() @IsString() @MaxLength(63)
  cycleId?: string;

  @ApiPropertyOptional({ description: 'Cases where this unit is lead or co-unit.', example: '区民政局' })
  @IsOptional() @IsString() @MaxLength(100)
  unit?: string;

  @ApiPropertyOptional({ enum: CaseStage })
  @IsOptional() @IsIn(Object.values(CaseStage))
  stage?: CaseStage;

  @ApiPropertyOptional({ enum: CASE_KINDS })
  @IsOptional() @IsIn(CASE_KINDS)
  kind?: CaseKind;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional() @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ type: Number, default: 500, maximum: 5000 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(5000)
  limit: number = 500;
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
  @ApiPropertyOptional({ description: 'When the reply becomes overdue (ISO instant).' }) replyDueAt?: string;
}

export class CaseListDto {
  @ApiProperty() count!: number;
  @ApiProperty({ type: [CaseSummaryDto] }) cases!: CaseSummaryDto[];
}
