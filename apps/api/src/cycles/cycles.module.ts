import { Module } from '@nestjs/common';
import { LaunchesModule } from '../launches/launches.module';
import { PoliciesModule } from '../policies/policies.module';
import { CycleStore } from './cycle-store';
import { CyclesController } from './cycles.controller';
import { CyclesService } from './cycles.service';

@Module({ imports: [LaunchesModule, PoliciesModule], controllers: [CyclesController], providers: [CyclesService, CycleStore] })
export class CyclesModule {}
