import { Module } from '@nestjs/common';
import { LaunchesModule } from '../launches/launches.module';
import { CycleStore } from './cycle-store';
import { CyclesController } from './cycles.controller';
import { CyclesService } from './cycles.service';

@Module({ imports: [LaunchesModule], controllers: [CyclesController], providers: [CyclesService, CycleStore] })
export class CyclesModule {}
