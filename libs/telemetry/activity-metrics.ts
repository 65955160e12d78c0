/**
 * What the activities count (alerts, deliveries, launches). The worker hands them its metrics
 * (apps/worker/src/metrics); without them, as in the workflow tests, nothing is counted.
 */
export interface ActivityMetrics {
  /** An alert emitted for the first time (a retry emitting it again is not counted). */
  alertEmitted(kind: string): void;
  /** One attempt to deliver an alert to one subscription. */
  deliveryAttempt(channel: string, result: 'delivered' | 'failed'): void;
  /** One batch of a launch: the cases it started, and whether it failed (its retry starts the rest). */
  launchBatch(result: 'ok' | 'failed', casesStarted: number): void;
  /** A launch recorded as finished. */
  launchFinished(status: 'completed' | 'failed'): void;
}

export const NO_ACTIVITY_METRICS: ActivityMetrics = {
  alertEmitted: () => undefined,
  deliveryAttempt: () => undefined,
  launchBatch: () => undefined,
  launchFinished: () => undefined,
};
