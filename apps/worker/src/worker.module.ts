import { Module } from '@nestjs/common';
import { ConfigModule } from '../../../libs/config';
import { DatabaseModule } from '../../../libs/db';
import { WorkerMetricsServer } from './metrics/metrics-server';
import { WorkerMetrics } from './metrics/worker-metrics';
import { WorkerService } from './worker.service';

@Module({ imports: [ConfigModule, DatabaseModule], providers: [WorkerService, WorkerMetrics, WorkerMetricsServer] })
export class WorkerModule {}
