export * from './database';
export * from './db.module';
export * from './schema';
