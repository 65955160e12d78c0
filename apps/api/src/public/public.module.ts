import { Module } from '@nestjs/common';
import { CasesService } from '../cases/cases.service';
import { PublicController } from './public.controller';
import { PublicCasesService } from './public.service';

@Module({ controllers: [PublicController], providers: [CasesService, PublicCasesService] })
export class PublicModule {}
