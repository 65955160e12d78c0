import { Module } from '@nestjs/common';
import { LaunchesController } from './launches.controller';
import { LaunchesService } from './launches.service';

/** Launches as workflows (recorded, then started by the worker), and their progress resource (GET /api/launches/{id}). */
@Module({ controllers: [LaunchesController], providers: [LaunchesService], exports: [LaunchesService] })
export class LaunchesModule {}
