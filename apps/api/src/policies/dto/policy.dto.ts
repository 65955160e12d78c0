import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CaseKind, HandlingPolicy, PRESET_IDS } from '../../../../../libs/policy';

/** Which stored (or preset) policy document a cycle's kind runs under. */
export interface PolicyRef {
  id: string;
  version: string;
}

export class PolicyRefDto implements PolicyRef {
  @ApiProperty({ example: 'dongli-npc' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  id!: string;

  @ApiProperty({ example: '2020.1' })
  @IsString() @IsNotEmpty() @MaxLength(100)
  version!: string;
}

export class PolicyVersionParams extends PolicyRefDto {}

export type PolicySource = 'preset' | 'stored';

export class PolicySummaryDto {
  @ApiProperty({ example: 'dongli-npc' }) id!: string;
  @ApiProperty({ example: '2020.1' }) version!: string;
  @ApiProperty({ enum: PRESET_IDS }) kind!: CaseKind;
  @ApiProperty({ example: '东丽区人大代表建议办理' }) title!: string;
  @ApiProperty({ enum: ['preset', 'stored'], description: 'Built into banli, or stored through POST /api/policies.' }) source!: PolicySource;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Stored documents only.' }) createdAt!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) createdBy!: string | null;
}

export class StoredPolicyDto extends PolicySummaryDto {
  @ApiProperty({ description: 'The validated, complete policy (derived values filled in), as cases receive it.' })
  document!: HandlingPolicy;
}
