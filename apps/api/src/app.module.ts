import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ConfigModule } from '../../../libs/config';
import { DatabaseModule } from '../../../libs/db';
import { TemporalModule } from '../../../libs/temporal';
import { AlertsModule } from './alerts/alerts.module';
import { AuthModule } from './auth/auth.module';
import { CalendarsModule } from './calendars/calendars.module';
import { CasesModule } from './cases/cases.module';
import { CyclesModule } from './cycles/cycles.module';
import { ErrorFilter } from './errors/error.filter';
import { createValidationPipe } from './errors/validation';
import { HealthController } from './health/health.controller';
import { LettersModule } from './letters/letters.module';
import { MetricsModule } from './metrics/metrics.module';
import { PoliciesModule } from './policies/policies.module';
import { PublicModule } from './public/public.module';
import { ReadModelModule } from './read-model/read-model.module';
import { SubscriptionsModule } from './subscriptions/subscriptions.module';
import { SurveyModule } from './survey/survey.module';

@Module({
  imports: [ConfigModule, DatabaseModule, TemporalModule, AuthModule, CyclesModule, CasesModule, CalendarsModule, PoliciesModule, PublicModule, AlertsModule, SubscriptionsModule, ReadModelModule, LettersModule, SurveyModule, MetricsModule],
  controllers: [HealthController],
  providers: [
    { provide: APP_PIPE, useFactory: createValidationPipe },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
})
export class AppModule {}
