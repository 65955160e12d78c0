import { Module } from '@nestjs/common';
import { AlertStreamService } from './alert-stream.service';
import { AlertsController } from './alerts.controller';
import { AlertsService } from './alerts.service';

@Module({ controllers: [AlertsController], providers: [AlertsService, AlertStreamService] })
export class AlertsModule {}
