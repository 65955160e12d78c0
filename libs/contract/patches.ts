/**
 * Changes to the case workflow that cases already in flight must not see, in the order they came
 * (docs/architecture.md, "Versions and patches"). `patched(id)` is read once, when a case starts
 * (workflows/case/procedure.ts), and names the version the case runs under for its whole life.
 */
export const CasePatch = {
  /** v2: the reply deadline drives its escalation ladder (reminders, overdue alert, escalation). */
  AlertLadder: 'case-alert-ladder',
  /** v3: every required step counted from assignment (sign-for, work plan, contact) has its deadline too. */
  StepDeadlines: 'case-step-deadlines',
  /** v4: a survey window with the no-response rule; dissatisfaction reopens the case for re-handling. */
  Rehandling: 'case-rehandling',
  /**
   * v8: every step of the procedure as the policy requires it: returns and reassignment, co-unit
   * opinions as child workflows, draft → co-sign → sign-off → review → reply, publication,
   * B-class follow-up, merge; deadlines from assignment, session close or the previous step.
   */
  FullProcedure: 'case-full-procedure',
  /**
   * v9: nothing lost, nothing silent. Co-units supervised (a failed one needs attention and can
   * be restarted; withdrawal and the clock reach them), activities that fail for good need
   * attention, deadlines open as their due dates come, search attributes written from the state
   * in one place, one alert per rung per continuous breach, the version as a search attribute.
   */
  Engine: 'case-engine-v9',
  /**
   * v10: the case is projected into the read model (table case_views) after its changes, by an
   * activity that reads the case's state by query — so statistics and lists need no workflow query.
   */
  ReadModel: 'case-read-model-v10',
  /**
   * v11: due dates and alert plans are worked out by local activities, inside the workflow task
   * that asks for them, instead of as activity tasks of their own: a case's start costs the
   * server a few tasks, not a dozen (the launch's pace and the integrators' latency under it).
   */
  LocalPlanning: 'case-local-planning-v11',
  /**
   * v12: alerts armed ahead (libs/contract/alert-arming.ts). A ladder wakes ALERT_ARM_LEAD_MS
   * before each alert and writes it to armed_alerts, where the worker's dispatcher sends it at its
   * instant with no workflow task in between; when the deadline is met, moves or ends first, the
   * ladder disarms it. Hundreds of alerts due at one instant no longer queue behind a workflow
   * task each.
   */
  ArmedAlerts: 'case-armed-alerts-v12',
  /**
   * v13, two changes:
   * - a ladder's own emit of an alert it armed comes ARMED_EMIT_GRACE_MS after the alert's
   *   instant, not at it (libs/contract/alert-arming.ts): at the instant the dispatcher's sends
   *   have the worker and the server to themselves, instead of sharing them with a workflow task
   *   and an emit per alert. The workflow records the alert sent when the dispatcher sent it;
   * - a breach is the deadline's: while a deadline stays overdue through a move (a clock
   *   restart that leaves it behind), a rung sent in the breach is not sent again, even where the
   *   move put the rung's own instant ahead (v9–v12 sent it again as a new breach).
   */
  GraceAndBreaches: 'case-emit-grace-breaches-v13',
} as const;

/** The version new cases start under. */
export const CURRENT_CASE_VERSION = 13;
