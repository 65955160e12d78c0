/**
 * Tables for what is not workflow state: keys, subscriptions, deliveries, the alert inbox,
 * launches, uploaded policies and calendars, idempotency records. Cases live in Temporal.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/** A timestamp column: written as a Date or ISO string, read as a Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp the database fills in when an insert leaves it out (`GeneratedTimestamp` would select as the column type itself). */
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
/** A JSON(B) column: any JSON value going in, parsed coming out. */
type Json<T> = ColumnType<T, T | string, T | string>;

export interface ApiKeyTable {
  id: string;
  /** The first characters of the key, shown to tell keys apart (never the whole key). */
  prefix: string;
  /** SHA-256 of the key, hex. The key itself is shown once, at creation. */
  hash: string;
  name: string;
  role: string;
  /** The unit the key acts for (unit handler / leader roles). */
  unit: string | null;
  created_at: GeneratedTimestamp;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
  last_used_at: Timestamp | null;
}

export interface SubscriptionTable {
  id: string;
  channel: 'webhook' | 'email';
  /** Webhook URL or email address. */
  target: string;
  /** Standard Webhooks secret (whsec_…), webhooks only. */
  secret: string | null;
  /** Filters; null matches everything. */
  recipient: string | null;
  unit: string | null;
  rungs: Json<string[] | null>;
  name: string;
  created_at: GeneratedTimestamp;
  disabled_at: Timestamp | null;
}

export interface AlertTable {
  alert_id: string;
  case_id: string;
  deadline_id: string;
  kind: string;
  rung_id: string;
  unit: string | null;
  recipients: Json<string[]>;
  title: string;
  body: Json<Record<string, unknown>>;
  deliver_at: Timestamp;
  emitted_at: GeneratedTimestamp;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
}

export interface DeliveryTable {
  id: Generated<number>;
  alert_id: string;
  subscription_id: string;
  channel: 'webhook' | 'email';
  attempt: number;
  status: 'delivered' | 'failed';
  status_code: number | null;
  error: string | null;
  attempted_at: GeneratedTimestamp;
}

export interface LaunchTable {
  id: string;
  cycle_id: string;
  status: 'running' | 'completed' | 'failed';
  total: number;
  started: number;
  error: string | null;
  created_at: GeneratedTimestamp;
  finished_at: Timestamp | null;
}

/** A case of a launch, as the office listed it, until the launch workflow has started it (migration 0003). */
export interface LaunchCaseTable {
  launch_id: string;
  /** The case's place in the launch (the sheet's order). */
  seq: number;
  case_id: string;
  /** The case workflow's input. */
  input: Json<Record<string, unknown>>;
  started_at: Timestamp | null;
  /** The sheet row the case came from (migration 0005); null for a JSON launch. */
  row: number | null;
  /** What the launch did with the case, once handled (migration 0005): created, unchanged, changed, existing. */
  outcome: 'created' | 'unchanged' | 'changed' | 'existing' | null;
  /** For `changed`: each field where the launch differs from the case, `{field, column, from, to}`. */
  differences: Json<unknown[] | null>;
}

/** A case as its workflow last projected it (migration 0004): columns to filter and count on, and the whole view. */
export interface CaseViewTable {
  case_id: string;
  cycle_id: string;
  kind: string;
  session: string;
  number: string;
  title: string;
  lead_unit: string;
  co_units: Json<string[]>;
  stage: string;
  overdue: boolean;
  key_supervised: boolean;
  needs_attention: boolean;
  closed_as: string | null;
  finished: boolean;
  assigned_on: string;
  reply_due_at: Timestamp | null;
  replied_at: Timestamp | null;
  closed_at: Timestamp | null;
  version: number | null;
  /** The case's change count when projected: a projection never replaces a later one. */
  revision: ColumnType<string, number | string, number | string>;
  /** Title, submitters and reply text: what search looks in. */
  search_text: string;
  view: Json<Record<string, unknown>>;
  /** What the statistics read of the case (libs/statistics/case-facts.ts), JSON text (migration 0005). */
  facts: string | null;
  facts_version: number | null;
  projected_at: GeneratedTimestamp;
}

/** A co-unit's part as its workflow last projected it (migration 0004). */
export interface CoUnitViewTable {
  case_id: string;
  unit: string;
  stage: string;
  overdue: boolean;
  revision: ColumnType<string, number | string, number | string>;
  view: Json<Record<string, unknown>>;
  facts: string | null;
  facts_version: number | null;
  projected_at: GeneratedTimestamp;
}

export interface PolicyDocumentTable {
  id: string;
  version: string;
  document: Json<Record<string, unknown>>;
  created_at: GeneratedTimestamp;
  created_by: string | null;
}

export interface CalendarVersionTable {
  jurisdiction: string;
  version: number;
  /** Overrides: date → working day or not, with a note. */
  days: Json<{ date: string; working: boolean; note?: string }[]>;
  /** Years this version loads whole (migration 0002): they count as covered, not provisional. */
  covers_years: Json<number[]>;
  note: string | null;
  created_at: GeneratedTimestamp;
  created_by: string | null;
}

export interface IdempotencyKeyTable {
  /** `{action}:{key}` scoped by case: the Temporal update id. */
  scope: string;
  key: string;
  body_hash: string;
  created_at: GeneratedTimestamp;
}

/** A launched cycle (办理周期): what cases added to it later run under. Written at its first launch. */
export interface CycleTable {
  id: string;
  title: string;
  jurisdiction: string | null;
  /** The session's close (闭会日期), YYYY-MM-DD. */
  session_closed_on: string | null;
  /** The policy each kind of case runs under: the preset with the cycle's overrides applied. */
  policies: Json<Record<string, unknown>>;
  /** The overrides as the launch sent them (a launch again must repeat them). */
  policy_overrides: Json<Record<string, unknown> | null>;
  created_at: GeneratedTimestamp;
}

/**
 * An alert a v12 ladder armed ahead of its instant, for the worker's dispatcher to send then
 * (migration 0008; libs/contract/alert-arming.ts).
 */
export interface ArmedAlertTable {
  alert_id: string;
  /** The workflow it is about: a case, or a co-unit's part (`{caseId}/co/{unit}`). */
  case_id: string;
  /** The case it belongs to (a co-unit's alert: its case's id): what the API holds before a step. */
  family_id: string;
  /** The alert's instant: the dispatcher sends it then, not before. */
  deliver_at: Timestamp;
  /** armed → claimed (the dispatcher), held (the API), disarmed or emitted (the workflow); only armed and held move on. */
  state: 'armed' | 'held' | 'disarmed' | 'claimed' | 'emitted';
  /** The whole alert as the workflow's emitAlert would receive it. */
  alert: Json<Record<string, unknown>>;
  armed_at: GeneratedTimestamp;
  /** When the dispatcher claimed it: when it was sent, as far as the workflow is told. */
  claimed_at: Timestamp | null;
}

export interface Database {
  api_keys: ApiKeyTable;
  subscriptions: SubscriptionTable;
  alerts: AlertTable;
  deliveries: DeliveryTable;
  launches: LaunchTable;
  launch_cases: LaunchCaseTable;
  case_views: CaseViewTable;
  co_unit_views: CoUnitViewTable;
  policy_documents: PolicyDocumentTable;
  calendar_versions: CalendarVersionTable;
  idempotency_keys: IdempotencyKeyTable;
  cycles: CycleTable;
  armed_alerts: ArmedAlertTable;
}

export type ApiKeyRow = Selectable<ApiKeyTable>;
export type NewApiKey = Insertable<ApiKeyTable>;
export type ApiKeyUpdate = Updateable<ApiKeyTable>;
export type SubscriptionRow = Selectable<SubscriptionTable>;
export type AlertRow = Selectable<AlertTable>;
export type DeliveryRow = Selectable<DeliveryTable>;
export type LaunchRow = Selectable<LaunchTable>;
export type CycleRow = Selectable<CycleTable>;
export type CalendarVersionRow = Selectable<CalendarVersionTable>;
export type ArmedAlertRow = Selectable<ArmedAlertTable>;
