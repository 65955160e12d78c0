import { Module } from '@nestjs/common';
import { LaunchesModule } from '../launches/launches.module';
import { PoliciesModule } from '../policies/policies.module';
import { CycleStore } from './cycle-store';
import { CyclesController } from './cycles.controller';
import { CyclesService } from './cycles.service';
import { LaunchPlanner } from './launch-plan';

@Module({ imports: [LaunchesModule, PoliciesModule], controllers: [CyclesController], providers: [CyclesService, CycleStore, LaunchPlanner] })
export class CyclesModule {}
