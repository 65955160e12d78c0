import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_KINDS, CaseKind } from '../../../../../libs/policy';

export const LAUNCH_STATUSES = ['running', 'completed', 'failed'] as const;
export type LaunchStatus = (typeof LAUNCH_STATUSES)[number];

/** GET /api/launches/{launchId}: how far a launch has come. */
export class LaunchDto {
  @ApiProperty({ example: '6f1c…' }) launchId!: string;
  @ApiProperty({ example: 'dongli-mca-2020' }) cycleId!: string;
  @ApiProperty({ enum: LAUNCH_STATUSES }) status!: LaunchStatus;
  @ApiProperty({ description: 'Cases the launch starts.' }) total!: number;
  @ApiProperty({ description: 'Cases started so far (or found already running: launching is idempotent).' }) started!: number;
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
  cases!: LaunchedCaseDto[];
}
