import { Module } from '@nestjs/common';
import { JurisdictionCalendars } from '../../../../libs/calendar/jurisdiction-calendars';
import { DatabaseService } from '../../../../libs/db';
import { CaseFactsSource } from '../../../../libs/statistics';
import { PoliciesModule } from '../policies/policies.module';
import { StatisticsController } from './statistics.controller';
import { StatisticsService } from './statistics.service';

@Module({
  imports: [PoliciesModule],
  controllers: [StatisticsController],
  providers: [
    StatisticsService,
    { provide: CaseFactsSource, useFactory: (database: DatabaseService) => new CaseFactsSource(database.db), inject: [DatabaseService] },
    { provide: JurisdictionCalendars, useFactory: (database: DatabaseService) => new JurisdictionCalendars(database.db), inject: [DatabaseService] },
  ],
})
export class StatisticsModule {}
