import { Module } from '@nestjs/common';
import { ConfigModule } from '../../../libs/config';
import { DatabaseModule } from '../../../libs/db';
import { WorkerService } from './worker.service';

@Module({ imports: [ConfigModule, DatabaseModule], providers: [WorkerService] })
export class WorkerModule {}
