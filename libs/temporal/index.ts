export * from './temporal.module';
export * from './search-attributes';
export * from './temporal-connection';
