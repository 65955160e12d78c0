import { Module } from '@nestjs/common';
import { LaunchesModule } from '../launches/launches.module';
import { PoliciesModule } from '../policies/policies.module';
import { CasesModule } from '../cases/cases.module';
import { CaseChangesService } from './case-changes.service';
import { CycleStore } from './cycle-store';
import { CyclesController } from './cycles.controller';
import { CyclesService } from './cycles.service';
import { LaunchPlanner } from './launch-plan';

@Module({ imports: [LaunchesModule, PoliciesModule, CasesModule], controllers: [CyclesController], providers: [CyclesService, CycleStore, LaunchPlanner, CaseChangesService] })
export class CyclesModule {}
