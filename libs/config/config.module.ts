import { Global, Module } from '@nestjs/common';
import { BanliEnv, loadEnv } from './banli-env';

@Global()
@Module({
  providers: [{ provide: BanliEnv, useFactory: () => loadEnv() }],
  exports: [BanliEnv],
})
export class ConfigModule {}
