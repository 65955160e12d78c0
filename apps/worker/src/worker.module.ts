import { Module } from '@nestjs/common';
import { ConfigModule } from '../../../libs/config';
import { WorkerService } from './worker.service';

@Module({ imports: [ConfigModule], providers: [WorkerService] })
export class WorkerModule {}
