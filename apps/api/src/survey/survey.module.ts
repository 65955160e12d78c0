import { Module } from '@nestjs/common';
import { CasesService } from '../cases/cases.service';
import { CasePolicies } from '../common/case-policy';
import { SurveyController } from './survey.controller';
import { SurveySecret } from './survey-secret';
import { SurveyService } from './survey.service';

@Module({ controllers: [SurveyController], providers: [CasesService, CasePolicies, SurveySecret, SurveyService], exports: [SurveySecret] })
export class SurveyModule {}
