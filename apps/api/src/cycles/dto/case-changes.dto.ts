import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { CASE_LIMITS } from '../../../../../libs/launch-sheet';
import { CaseDifferenceDto, ExistingCaseDto } from '../../launches/dto/launch.dto';
import { LaunchCaseDto } from './launch-cycle.dto';

/** POST /api/cycles/{cycleId}/changes with JSON: the cases as the corrected list has them. */
export class CaseChangesDto {
  @ApiProperty({ type: [LaunchCaseDto] })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(CASE_LIMITS.maxCases)
  @ValidateNested({ each: true }) @Type(() => LaunchCaseDto)
  cases!: LaunchCaseDto[];
}

/** The form fields of the sheet upload: none (the cycle is in the path); the file is `file`. */
export class CaseChangesFieldsDto {}

export const CHANGE_RESULTS = ['applied', 'applicable', 'refused', 'not-applicable'] as const;
export type ChangeResult = (typeof CHANGE_RESULTS)[number];

/** One difference and what became of it. */
export class AppliedChangeDto extends CaseDifferenceDto {
  @ApiProperty({
    enum: CHANGE_RESULTS,
    description:
      'applied: the case now has the list’s value (through its own steps); applicable (dry run): it would be; ' +
      'refused: the case may no longer take it (e.g. signed for), `reason` says why; not-applicable: no step of the procedure changes this field, change it by hand.',
  })
  result!: ChangeResult;

  @ApiPropertyOptional({ example: '该件已签收（当前：已签收），不能再改派主办单位，须经退回申请与审批或人工处理', description: 'Why it was not applied, for the office (Chinese).' })
  reason?: string;
}

export class ChangedCaseResultDto extends ExistingCaseDto {
  @ApiProperty({ type: [AppliedChangeDto] }) changes!: AppliedChangeDto[];
}

/** 200: what applying the list did (or, ?dryRun=true, would do) to each case that differs from it. */
export class CaseChangesResultDto {
  @ApiProperty() dryRun!: boolean;
  @ApiProperty({ example: 'dongli-2021' }) cycleId!: string;
  @ApiProperty({ description: 'Cases the list names.' }) total!: number;
  @ApiProperty({ description: 'Cases that exist with the list’s content.' }) unchanged!: number;
  @ApiProperty({ description: 'Differences applied.' }) applied!: number;
  @ApiProperty({ description: 'Differences that would be applied (dry run).' }) applicable!: number;
  @ApiProperty({ description: 'Differences the case refused.' }) refused!: number;
  @ApiProperty({ description: 'Differences no step can apply: to be changed by hand.' }) notApplicable!: number;
  @ApiProperty({ type: [ChangedCaseResultDto], description: 'Each case that differs from the list, with each difference and its result.' })
  cases!: ChangedCaseResultDto[];
  @ApiProperty({ type: [ExistingCaseDto], description: 'Rows with no case yet: launch them (POST /api/cycles/{id}/cases).' })
  notLaunched!: ExistingCaseDto[];
  @ApiProperty({ type: [ExistingCaseDto], description: 'Cases that exist but are not yet in the read model: try again in a moment.' })
  notCompared!: ExistingCaseDto[];
  @ApiPropertyOptional({ type: [Number] }) skippedRows?: number[];
}
