import { Module } from '@nestjs/common';
import { JurisdictionCalendars } from '../../../../libs/calendar/jurisdiction-calendars';
import { DatabaseService } from '../../../../libs/db';
import { CalendarsController } from './calendars.controller';
import { CalendarsService } from './calendars.service';

@Module({
  controllers: [CalendarsController],
  providers: [
    CalendarsService,
    // the same reader the worker counts due dates with, so the API's views answer as a case would
    { provide: JurisdictionCalendars, useFactory: (database: DatabaseService) => new JurisdictionCalendars(database.db), inject: [DatabaseService] },
  ],
})
export class CalendarsModule {}
