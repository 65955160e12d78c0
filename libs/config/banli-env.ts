import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Matches, Max, Min, ValidateIf, validateSync } from 'class-validator';
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

  /**
   * A launch starts its next batch of cases once the case task queue's backlog is under this many
   * tasks, so that integrators' steps and reads never wait behind a launch; 0 turns pacing off.
   */
  @Type(() => Number) @IsInt() @Min(0)
  LAUNCH_MAX_BACKLOG = 200;

  /**
   * How many cases the worker keeps in its workflow cache; a case not cached is replayed from its
   * history at its next task. Cases waiting on their timers cost the worker nothing (they wait on the
   * server), so this, with WORKER_HEAP_MB, bounds its memory however many cases are open: 100 and
   * 256 MB kept it under 512 MB through `npm run bench` (300 and no limit reached ~900 MB). 0: the
   * SDK's default, sized from the heap limit. See README, "Performance".
   */
  @Type(() => Number) @IsInt() @Min(0)
  WORKER_MAX_CACHED_WORKFLOWS = 100;

  /**
   * The V8 heap limit of each of the worker's isolates (its main thread and its workflow thread),
   * in MB. Node takes it only at start (--max-old-space-size): the start commands pass it (npm run
   * dev, npm run start:worker, the cluster script, docker-compose.yml). The worker reads it to warn
   * at boot when it was started without it (its heaps then grow toward node's default of ~4 GB
   * before they collect). 0: no limit expected.
   */
  @Type(() => Number) @IsInt() @Min(0)
  WORKER_HEAP_MB = 256;

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

  // ---- survey links (apps/api/src/survey) ---------------------------------------------

  /**
   * The key survey links are signed with (HMAC-SHA256), at least 32 characters; every API instance
   * needs the same one. Production refuses to start without it; development generates one into
   * BANLI_SURVEY_SECRET_FILE; tests sign with a random one per process.
   */
  @IsString() @Matches(/^(\S{32,512})?$/, { message: 'BANLI_SURVEY_SECRET must be 32-512 characters without spaces (e.g. openssl rand -base64 48)' })
  BANLI_SURVEY_SECRET = '';

  /** In development, where the API keeps the survey secret it generated. */
  @IsString() @IsNotEmpty()
  BANLI_SURVEY_SECRET_FILE = 'data/survey-secret.txt';

  /** The address submitters reach banli at, for the links sent to them; unset: http://HOST:PORT. */
  @IsString() @Matches(/^(https?:\/\/[^\s/?#]+(\/[^\s?#]*)?)?$/, { message: 'BANLI_PUBLIC_URL must be an http(s) URL without query or fragment' })
  BANLI_PUBLIC_URL = '';

  // ---- observability (libs/telemetry, apps/api/src/metrics, apps/worker/src/metrics) ------

  /**
   * When set, the API's GET /metrics answers only `Authorization: Bearer <this token>` (Prometheus'
   * `authorization` setting); unset, it is open like /health. At least 16 characters.
   */
  @IsString() @Matches(/^(\S{16,})?$/, { message: 'BANLI_METRICS_TOKEN must be at least 16 characters without spaces' })
  BANLI_METRICS_TOKEN = '';

  /**
   * The worker's metrics server (GET /metrics, with the Temporal SDK's own worker metrics): its
   * port, 0 for any free one (logged), or `off`.
   */
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @ValidateIf((env: BanliEnv) => env.METRICS_PORT !== 'off')
  @IsInt({ message: 'METRICS_PORT must be a port number (0 for any free one) or off' }) @Min(0) @Max(65535)
  METRICS_PORT: number | 'off' = 9464;

  /** Where the worker's metrics server listens (0.0.0.0 in a container Prometheus scrapes from outside). */
  @IsString() @IsNotEmpty()
  METRICS_HOST = '127.0.0.1';

  /**
   * OpenTelemetry tracing of the API and the worker, from the HTTP request through Temporal to
   * the workflows and activities: `otlp` exports spans over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT
   * (the OpenTelemetry exporter's own variables apply), `console` prints them; `off` by default.
   */
  @IsIn(['off', 'otlp', 'console'])
  BANLI_TRACING: 'off' | 'otlp' | 'console' = 'off';
}

/** Variables whose values are secrets (or hold credentials): a configuration error names them, never prints them. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set(['BANLI_BOOTSTRAP_OFFICE_KEY', 'DATABASE_URL', 'SMTP_URL']);

export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLES.has(name) || /(SECRET|KEY|TOKEN|PASSWORD)$/.test(name);
}

/** Reads and validates the environment; throws naming every bad variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): BanliEnv {
  const known = Object.keys(new BanliEnv());
  const given = Object.fromEntries(Object.entries(source).filter(([k, v]) => known.includes(k) && v !== ''));
  const env = plainToInstance(BanliEnv, given);
  const errors = validateSync(env);
  if (errors.length > 0) {
    // Secrets, keys, tokens and URLs that may hold credentials are named, never printed.
    const shown = (e: (typeof errors)[number]) => (isSecretVariable(e.property) ? '(value not shown)' : String(e.value));
    const lines = errors.map((e) => `${e.property}=${shown(e)}: ${Object.values(e.constraints ?? {}).join(', ')}`);
    throw new Error(`Invalid environment:\n  ${lines.join('\n  ')}`);
  }
  return env;
}
