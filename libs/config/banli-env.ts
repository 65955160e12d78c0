import { plainToInstance, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { CASE_TASK_QUEUE } from '../contract/ids';
import { allowHostsProblem, Satisfies, trustProxyProblem } from './network-settings';

/** Environment variables banli reads, with their defaults; validated once at boot. */
export class BanliEnv {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsString() @IsNotEmpty()
  TEMPORAL_ADDRESS = 'localhost:7233';

  @IsString() @IsNotEmpty()
  TEMPORAL_NAMESPACE = 'default';

  @IsString() @IsNotEmpty()
  TEMPORAL_TASK_QUEUE = CASE_TASK_QUEUE;

  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString() @IsNotEmpty()
  HOST = '127.0.0.1';

  /** How long the API waits for Temporal to answer a read or a step before answering 503. */
  @Type(() => Number) @IsInt() @Min(100)
  TEMPORAL_CALL_TIMEOUT_MS = 10_000;

  /** Emitted alerts, one JSON object a line (delivery channels read them from here). */
  @IsString() @IsNotEmpty()
  ALERT_LOG_PATH = 'data/alerts.jsonl';

  // ---- alert delivery (activities/delivery, apps/api/src/alerts) ----------------------

  /** The SMTP server email alerts go through, e.g. smtp://127.0.0.1:2525; unset: email deliveries fail and are retried. */
  @IsString() @Matches(/^(smtps?:\/\/\S+)?$/, { message: 'SMTP_URL must be smtp://… or smtps://…' })
  SMTP_URL = '';

  /** The From of alert emails. */
  @IsString() @IsNotEmpty()
  ALERT_EMAIL_FROM = 'banli <alerts@banli.invalid>';

  /** Delivery retries: the first wait, doubling up to ALERT_RETRY_MAX_INTERVAL_MS, for ALERT_DELIVERY_WINDOW_MS in all. */
  @Type(() => Number) @IsInt() @Min(1)
  ALERT_RETRY_INITIAL_MS = 10_000;

  @Type(() => Number) @IsInt() @Min(1)
  ALERT_RETRY_MAX_INTERVAL_MS = 3_600_000;

  /** Keep it at 24 h or more outside tests (the worker refuses less in production). */
  @Type(() => Number) @IsInt() @Min(1000)
  ALERT_DELIVERY_WINDOW_MS = 26 * 3_600_000;

  /** How often the API's alert stream looks for new alerts. */
  @Type(() => Number) @IsInt() @Min(50)
  ALERT_STREAM_POLL_MS = 1_000;

  /**
   * PostgreSQL for what is not workflow state (keys, subscriptions, deliveries, the alert inbox).
   * `npm run dev` sets it to its embedded PGlite server; production points it at a real server.
   */
  @IsString() @IsNotEmpty({ message: 'DATABASE_URL must be set (postgres://…); npm run dev starts an embedded one' })
  DATABASE_URL = '';

  // ---- API keys and rate limiting (apps/api/src/auth) ----------------------------------

  /**
   * An office key (`banli_` + 32–128 of A–Z a–z 0–9 _ -) stored at start if it is not stored yet:
   * how a production deployment gets its first key. The API refuses to start in production
   * without an active office key.
   */
  @IsString() @Matches(/^(banli_[A-Za-z0-9_-]{32,128})?$/, { message: 'BANLI_BOOTSTRAP_OFFICE_KEY must be banli_ followed by 32-128 of A-Z a-z 0-9 _ -' })
  BANLI_BOOTSTRAP_OFFICE_KEY = '';

  /** In development, where the API writes the office key it creates (npm run dev prints it). */
  @IsString() @IsNotEmpty()
  BANLI_OFFICE_KEY_FILE = 'data/office-key.txt';

  /** Requests one API key (or, without a key, one IP address) may make per window. */
  @Type(() => Number) @IsInt() @Min(1)
  BANLI_RATE_LIMIT = 600;

  @Type(() => Number) @IsInt() @Min(1000)
  BANLI_RATE_LIMIT_WINDOW_MS = 60_000;

  // ---- the edge (apps/api/src/edge, libs/net) -------------------------------------------

  /**
   * The reverse proxies whose X-Forwarded-For is believed (rate limits then count the client):
   * empty for none, a number of proxies, or addresses/CIDRs/loopback/linklocal/uniquelocal.
   */
  @IsString() @Satisfies(trustProxyProblem)
  BANLI_TRUST_PROXY = '';

  /**
   * Internal hosts webhooks may reach besides public addresses: host names, addresses and CIDRs,
   * comma-separated (e.g. `hooks.office.internal,10.20.0.0/16`). Empty: public addresses only.
   */
  @IsString() @Satisfies(allowHostsProblem)
  BANLI_WEBHOOK_ALLOW_HOSTS = '';
}

/** Variables whose values are secrets (or hold credentials): a configuration error names them, never prints them. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['BANLI_BOOTSTRAP_OFFICE_KEY', 'DATABASE_URL', 'SMTP_URL']);

/** Reads and validates the environment; throws naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): BanliEnv {
  const known = Object.keys(new BanliEnv());
  const given = Object.fromEntries(Object.entries(source).filter(([k, v]) => known.includes(k) && v !== ''));
  const env = plainToInstance(BanliEnv, given);
  const errors = validateSync(env);
  if (errors.length > 0) {
    const lines = errors.map((e) =>
      `${SECRET_VARIABLES.has(e.property) ? `${e.property} (value not shown)` : `${e.property}=${String(e.value)}`}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  return env;
}
