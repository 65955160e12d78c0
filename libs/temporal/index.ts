export * from './temporal.module';
export * from './search-attributes';
