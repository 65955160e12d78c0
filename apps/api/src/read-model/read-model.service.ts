import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { BanliEnv } from '../../../../libs/config';
import { REINDEX_WORKFLOW_TYPE, reindexProgressQuery, reindexWorkflowId, ReindexWorkflowInput } from '../../../../libs/contract';
import { NotFoundError } from '../errors/api-errors';

export class ReindexDto {
  @ApiProperty() reindexId!: string;
  @ApiProperty({ enum: ['running', 'completed', 'failed'] }) status!: 'running' | 'completed' | 'failed';
  @ApiProperty({ description: 'Cases projected anew so far.' }) cases!: number;
  @ApiProperty({ description: 'Co-units’ parts projected anew so far.' }) coUnits!: number;
}

/** Rebuilding the read model (`banli reindex`) as a workflow of its own, followed by query. */
@Injectable()
export class ReadModelService {
  constructor(private readonly client: Client, private readonly env: BanliEnv) {}

  async reindex(): Promise<ReindexDto> {
    const reindexId = randomUUID();
    await this.client.workflow.start(REINDEX_WORKFLOW_TYPE, {
      workflowId: reindexWorkflowId(reindexId),
      taskQueue: this.env.TEMPORAL_TASK_QUEUE,
      args: [{ reindexId } satisfies ReindexWorkflowInput],
    });
    return { reindexId, status: 'running', cases: 0, coUnits: 0 };
  }

  async progress(reindexId: string): Promise<ReindexDto> {
    if (!/^[0-9a-f-]{36}$/.test(reindexId)) throw new NotFoundError('ReindexNotFound', `no reindex ${reindexId}`);
    const handle = this.client.workflow.getHandle(reindexWorkflowId(reindexId));
    try {
      const { status } = await handle.describe();
      const progress = await handle.query(reindexProgressQuery);
      return status.name === 'FAILED' || status.name === 'TERMINATED' ? { ...progress, status: 'failed' } : progress;
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw new NotFoundError('ReindexNotFound', `no reindex ${reindexId}`);
      throw err;
    }
  }
}
