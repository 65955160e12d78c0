import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Connection } from '@temporalio/client';
import type { Response } from 'express';
import { BanliEnv } from '../../../../libs/config';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  temporal: { reachable: boolean; address: string; namespace: string; error?: string };
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly connection: Connection, private readonly env: BanliEnv) {}

  @Get()
  @ApiOperation({ summary: 'Is the API up, and can it reach Temporal? (no key needed)' })
  @ApiOkResponse({ description: 'Temporal is reachable.' })
  @ApiServiceUnavailableResponse({ description: 'Temporal is not reachable.' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const temporal = { address: this.env.TEMPORAL_ADDRESS, namespace: this.env.TEMPORAL_NAMESPACE };
    try {
      await this.connection.withDeadline(Date.now() + 3000, () =>
        this.connection.workflowService.getSystemInfo({}),
      );
      return { status: 'ok', temporal: { reachable: true, ...temporal } };
    } catch (err) {
      res.status(503);
      return { status: 'unavailable', temporal: { reachable: false, ...temporal, error: (err as Error).message } };
    }
  }
}
