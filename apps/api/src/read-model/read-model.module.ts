import { Module } from '@nestjs/common';
import { ReadModelController } from './read-model.controller';
import { ReadModelService } from './read-model.service';

/** The read model's maintenance: rebuilding it from Temporal. */
@Module({ controllers: [ReadModelController], providers: [ReadModelService] })
export class ReadModelModule {}
