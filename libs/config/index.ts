export * from './banli-env';
export * from './config.module';
