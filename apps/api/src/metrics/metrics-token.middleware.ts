import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { BanliEnv } from '../../../../libs/config';
import { UnauthenticatedError } from '../auth/auth-errors';

/**
 * GET /metrics has a credential of its own, BANLI_METRICS_TOKEN (read at each request), not an API
 * key: Prometheus gets no key that could do anything else. When it is set, the scrape must send
 * `Authorization: Bearer <token>`; anything else is 401 (an API key too). The token checked, the
 * header is removed, so the API-key guard sees what the permission table says the route is: open.
 * When it is not set, /metrics is open like /health, and an API key sent is checked by the guard.
 */
@Injectable()
export class MetricsTokenMiddleware implements NestMiddleware {
  constructor(private readonly env: BanliEnv) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const token = this.env.BANLI_METRICS_TOKEN;
    if (!token) return next();
    const sent = /^Bearer[ ]+(\S+)[ ]*$/i.exec(req.headers.authorization ?? '')?.[1];
    if (sent === undefined || !sameSecret(sent, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="banli-metrics"');
      throw new UnauthenticatedError('GET /metrics needs Authorization: Bearer <BANLI_METRICS_TOKEN>');
    }
    delete req.headers.authorization;
    delete req.headers['x-api-key'];
    next();
  }
}

/** Compared in constant time (over digests, so that lengths do not show either). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}
