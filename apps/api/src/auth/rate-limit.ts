import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { BanliEnv } from '../../../../libs/config';
import { hashKey, presentedKey } from './api-key';

/**
 * One budget per API key (per IP address for requests without one), over all routes together:
 * at most BANLI_RATE_LIMIT requests in any BANLI_RATE_LIMIT_WINDOW_MS, both read at each request.
 * Over it, 429 in the one error shape with Retry-After (seconds until the oldest counted request
 * leaves the window). Runs before authentication, so a flood costs no key lookup.
 */
export function rateLimitOptions(env: BanliEnv): ThrottlerModuleOptions {
  return {
    // A sliding window: a request is refused while the window holds `limit` counted requests;
    // refused ones are not counted, and nothing stays blocked once old requests leave the window.
    throttlers: [{ name: 'default', limit: () => env.BANLI_RATE_LIMIT, ttl: () => env.BANLI_RATE_LIMIT_WINDOW_MS, blockDuration: 0 }],
    errorMessage: 'too many requests: wait for the time Retry-After gives (seconds), then retry',
    getTracker: (req) => trackerOf(req as Request),
    generateKey: (_context, tracker, throttler) => hashKey(`${throttler}:${tracker}`),
  };
}

/** The key (by its SHA-256, as stored) or, without one, the client's address. */
export function trackerOf(req: Request): string {
  const presented = presentedKey(req.headers);
  return presented.kind === 'key' ? `key:${hashKey(presented.key)}` : `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`;
}

@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  /** Health checks (load balancers, `npm run dev`) are not counted. */
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    return (req.route as { path?: string } | undefined)?.path === '/health';
  }
}
