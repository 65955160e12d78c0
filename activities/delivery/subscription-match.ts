/** Which subscriptions an alert goes to. Pure: the delivery activity and its spec share it. */

/** A subscription's filters: null (or an empty rung list) matches every alert. */
export interface SubscriptionFilter {
  /** A ladder recipient, e.g. 'supervisor': the alert must name it. */
  recipient: string | null;
  /** A handling unit, e.g. '区民政局': the alert must be about it. */
  unit: string | null;
  /** Rung names (alert kinds, or a policy's own rung ids): the alert's kind or rung id must be among them. */
  rungs: string[] | null;
}

export interface MatchableAlert {
  recipients: string[];
  unit: string | null;
  kind: string;
  rungId: string;
}

export function subscriptionMatches(filter: SubscriptionFilter, alert: MatchableAlert): boolean {
  if (filter.recipient !== null && !alert.recipients.includes(filter.recipient)) return false;
  if (filter.unit !== null && alert.unit !== filter.unit) return false;
  if (filter.rungs && filter.rungs.length > 0 && !filter.rungs.includes(alert.kind) && !filter.rungs.includes(alert.rungId)) {
    return false;
  }
  return true;
}
