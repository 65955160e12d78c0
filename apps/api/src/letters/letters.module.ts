import { Module } from '@nestjs/common';
import { CasesService } from '../cases/cases.service';
import { CasePolicies } from '../common/case-policy';
import { LettersController } from './letters.controller';
import { LettersService } from './letters.service';

@Module({ controllers: [LettersController], providers: [CasesService, CasePolicies, LettersService] })
export class LettersModule {}
