import { Module } from '@nestjs/common';
import { CaseStarter } from './case-starter';
import { LaunchesController } from './launches.controller';
import { LaunchesService } from './launches.service';

/** Starting a launch's case workflows, and its progress resource (GET /api/launches/{id}). */
@Module({ controllers: [LaunchesController], providers: [CaseStarter, LaunchesService], exports: [LaunchesService] })
export class LaunchesModule {}
