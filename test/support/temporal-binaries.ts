import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Temporal executables scripts/ensure-temporal.sh provides. Tests always run these
 * existing paths; nothing is downloaded at test time.
 */
export function temporalBinaries(): { cli: string; testServer: string } {
  const cacheDir = process.env.BANLI_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'banli');
  const file = join(cacheDir, 'temporal.env');
  const cached = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  const cli = process.env.TEMPORAL_CLI_PATH ?? cached.TEMPORAL_CLI_PATH;
  const testServer = process.env.TEMPORAL_TEST_SERVER_PATH ?? cached.TEMPORAL_TEST_SERVER_PATH;
  if (!cli || !testServer || !existsSync(cli) || !existsSync(testServer)) {
    throw new Error('Temporal binaries not found: run `npm test` or `bash scripts/ensure-temporal.sh` first');
  }
  return { cli, testServer };
}

function parseEnv(text: string): Record<string, string> {
  return Object.fromEntries(
    text.split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
}
