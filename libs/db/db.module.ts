import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { BanliEnv } from '../config';
import { createDatabase, type Db, migrateToLatest } from './database';

/** The application's database handle: a Kysely query builder, migrated at boot. */
@Injectable()
export class DatabaseService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseService.name);
  readonly db: Db;

  constructor(@Inject(BanliEnv) env: BanliEnv) {
    this.db = createDatabase(env.DATABASE_URL);
  }

  async onModuleInit(): Promise<void> {
    const applied = await migrateToLatest(this.db);
    if (applied.length > 0) this.logger.log(`migrations applied: ${applied.join(', ')}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}

@Global()
@Module({ providers: [DatabaseService], exports: [DatabaseService] })
export class DatabaseModule {}
