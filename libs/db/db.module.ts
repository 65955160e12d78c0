import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit, type Provider } from '@nestjs/common';
import { BanliEnv } from '../config';
import { createDatabase, type Db, migrateToLatest } from './database';
import {
  AlertRepository,
  ApiKeyRepository,
  ArmedAlertRepository,
  CalendarVersionRepository,
  CaseViewRepository,
  CycleRepository,
  DeliveryRepository,
  IdempotencyKeyRepository,
  LaunchRepository,
  PolicyDocumentRepository,
  SubscriptionRepository,
} from './repositories';

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

/** One repository per table; services inject the ones they need. */
export const REPOSITORIES = [
  AlertRepository,
  ApiKeyRepository,
  ArmedAlertRepository,
  CalendarVersionRepository,
  CaseViewRepository,
  CycleRepository,
  DeliveryRepository,
  IdempotencyKeyRepository,
  LaunchRepository,
  PolicyDocumentRepository,
  SubscriptionRepository,
] as const;

const repositoryProviders: Provider[] = REPOSITORIES.map((repository) => ({
  provide: repository,
  useFactory: (database: DatabaseService) => new repository(database.db),
  inject: [DatabaseService],
}));

@Global()
@Module({
  providers: [DatabaseService, ...repositoryProviders],
  exports: [DatabaseService, ...REPOSITORIES],
})
export class DatabaseModule {}
