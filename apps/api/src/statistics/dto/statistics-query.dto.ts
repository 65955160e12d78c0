import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CASE_KINDS, type CaseKind } from '../../../../../libs/policy';
import type { StatisticsFilter } from '../../../../../libs/statistics';
import { Optional } from '../../common/validators';

/** The filters every statistics route takes (a unit key's `unit` is set to its own unit by the guard). */
export class StatisticsQueryDto {
  @ApiPropertyOptional({ description: 'One lead unit’s cases (its co-handled cases are counted apart). A unit’s key always gets its own unit.', example: '区民政局' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(100)
  unit?: string;

  @ApiPropertyOptional({ enum: CASE_KINDS, description: 'Cases of one kind: NPC suggestions or CPPCC proposals.' })
  @Optional() @IsIn(CASE_KINDS)
  kind?: CaseKind;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Key-supervised cases (重点督办件) only, or ordinary ones only.' })
  @Optional() @IsIn(['true', 'false'])
  keySupervised?: 'true' | 'false';
}

/** The scores, optionally re-scored under another policy's assessment scheme (考核办法) to compare. */
export class ScoresQueryDto extends StatisticsQueryDto {
  @ApiPropertyOptional({ description: 'Re-score the cases of this stored policy’s kind under its assessment scheme (with policyVersion). See GET /api/policies.', example: 'npc-suggestion-deductions' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(100)
  policyId?: string;

  @ApiPropertyOptional({ description: 'The version of policyId.', example: '2026.1' })
  @Optional() @IsString() @IsNotEmpty() @MaxLength(100)
  policyVersion?: string;
}

/** The filter of the statistics library from the query. */
export function filterOf(cycleId: string, q: StatisticsQueryDto): StatisticsFilter {
  return {
    cycleId,
    ...(q.unit !== undefined ? { unit: q.unit } : {}),
    ...(q.kind !== undefined ? { kind: q.kind } : {}),
    ...(q.keySupervised !== undefined ? { keySupervised: q.keySupervised === 'true' } : {}),
  };
}
