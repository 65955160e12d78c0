/**
 * Delivering one emitted alert to every matching subscription (webhook or email): the workflow's
 * input and result, its id, and the retry policy that keeps an attempt going for more than a day.
 * Pure TypeScript: imported by the workflow, the activities that start and serve it, and the API.
 */

export const ALERT_DELIVERY_WORKFLOW_TYPE = 'alertDeliveryWorkflow';

/** One delivery workflow per alert: starting it again for the same alert starts nothing. */
export function alertDeliveryWorkflowId(alertId: string): string {
  return `alert-delivery:${alertId}`;
}

export type DeliveryChannel = 'webhook' | 'email';

export const DELIVERY_CHANNELS: readonly DeliveryChannel[] = ['webhook', 'email'];

/**
 * How long and how often a delivery is retried: exponential backoff from `initialIntervalMs`,
 * doubling up to `maximumIntervalMs`, for `windowMs` in all (the activity's schedule-to-close).
 */
export interface DeliveryRetry {
  initialIntervalMs: number;
  maximumIntervalMs: number;
  windowMs: number;
}

/** 10 s, 20 s, 40 s … capped at 1 h, for 26 h: a receiver down for an hour (or a day) still gets every alert. */
export const DEFAULT_DELIVERY_RETRY: DeliveryRetry = {
  initialIntervalMs: 10_000,
  maximumIntervalMs: 3_600_000,
  windowMs: 26 * 3_600_000,
};

export const DELIVERY_BACKOFF_COEFFICIENT = 2;

/** One attempt may take this long (a webhook request or an SMTP session, with their own shorter timeouts). */
export const DELIVERY_ATTEMPT_TIMEOUT_MS = 60_000;

export interface AlertDeliveryInput {
  alertId: string;
  /** Timings of the retry policy; tests shorten them. Left out: DEFAULT_DELIVERY_RETRY. */
  retry?: Partial<DeliveryRetry>;
  /**
   * Attempts already made before the workflow started (emitAlert makes the first one itself):
   * the workflow's attempts are numbered on from it. Left out (workflows started before): none.
   */
  attemptsMade?: number;
}

/** A subscription the alert matched when its delivery began. */
export interface DeliveryTarget {
  subscriptionId: string;
  channel: DeliveryChannel;
}

export type DeliveryOutcomeStatus =
  /** The receiver accepted it (2xx, or the SMTP server queued it). */
  | 'delivered'
  /** The subscription was deleted before the alert went out. */
  | 'skipped'
  /** Every attempt in the retry window failed. */
  | 'gave-up';

export interface DeliveryOutcome extends DeliveryTarget {
  status: DeliveryOutcomeStatus;
  /** The attempt that settled it (for gave-up, the failure's message instead). */
  attempt?: number;
  error?: string;
}

export interface AlertDeliveryResult {
  alertId: string;
  outcomes: DeliveryOutcome[];
}

/** What one delivery activity is asked to do. */
export interface DeliveryRequest {
  alertId: string;
  subscriptionId: string;
  /** Attempts made before the workflow's (see AlertDeliveryInput): added to the activity's attempt. */
  attemptsMade?: number;
}

/** What one successful (or pointless) delivery activity reports. */
export interface DeliveryReport {
  status: 'delivered' | 'skipped';
  attempt: number;
  /** The receiver had already accepted the alert in an earlier attempt: nothing was sent again. */
  alreadyDelivered?: boolean;
}

/** Failure types the delivery activities throw. */
export const DeliveryErrorType = {
  /** The receiver refused or could not be reached; the attempt is retried. */
  AttemptFailed: 'DeliveryAttemptFailed',
  /** The alert is not stored: nothing to deliver, retrying does not help. */
  AlertMissing: 'AlertMissing',
} as const;
