import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { static as serveStatic, type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The dashboard (apps/web, built by Vite into dist/web) served at `/`: its files as they are, and
 * its index.html for any other GET that is not the API's (`/api…`, `/health`, `/metrics`), so that a page's
 * address (`/cases/…`) opens the app. Plain Express middleware ahead of the Nest router: not API
 * routes, so neither the key guard nor the rate limit applies (the files hold no data; the data
 * comes from the API, with a key).
 */
export function serveWeb(app: NestExpressApplication, dir = webDir()): void {
  const index = dir ? join(dir, 'index.html') : undefined;
  if (!dir || !index || !existsSync(index)) {
    new Logger('WebStatic').warn('the dashboard is not built (no dist/web/index.html): / serves nothing; run `npm run build:web`');
    return;
  }
  // Hashed asset names change with their content: cache them for long; index.html never.
  app.use('/assets', serveStatic(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  app.use(serveStatic(dir, { index: false, maxAge: 0 }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

/** Paths that belong to the API (and its 404s), never to the dashboard: /api, /health, /metrics (Prometheus). */
export function isApiPath(path: string): boolean {
  return ['/api', '/health', '/metrics'].some((root) => path === root || path.startsWith(`${root}/`));
}

/** dist/web beside the compiled API (dist/apps/api/src/web → dist/web), or the repository's when run from source. */
function webDir(): string | undefined {
  const candidates = [resolve(__dirname, '../../../../web'), resolve(__dirname, '../../../../dist/web')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html')));
}
