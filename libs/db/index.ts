export * from './database';
export * from './db.module';
export * from './repositories';
export * from './schema';
