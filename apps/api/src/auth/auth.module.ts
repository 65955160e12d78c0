import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { BanliEnv } from '../../../../libs/config';
import { AlertUnitsService } from './alert-units';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { CasePartiesService } from './case-parties';
import { KeyBootstrap } from './key-bootstrap';
import { MeController } from './me.controller';
import { RateLimitGuard, rateLimitOptions } from './rate-limit';
import { YourActionsInterceptor } from './your-actions.interceptor';

/**
 * API keys, the permission table and rate limiting. Guards run in this order on every route:
 * the rate limit (per key, or per IP without one), then authentication and authorisation.
 */
@Module({
  imports: [ThrottlerModule.forRootAsync({ inject: [BanliEnv], useFactory: rateLimitOptions })],
  controllers: [ApiKeysController, MeController],
  providers: [
    ApiKeysService,
    CasePartiesService,
    AlertUnitsService,
    KeyBootstrap,
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: YourActionsInterceptor },
  ],
  exports: [ApiKeysService],
})
export class AuthModule {}
