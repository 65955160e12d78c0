/**
 * Which version of the case workflow a case runs under, read once when it starts — the only
 * module that calls patched() (docs/architecture.md, "Versions and patches"). The rest of the code
 * asks the version's capabilities, named for what they mean, never the patches again.
 */
import { patched } from '@temporalio/workflow';
import { CasePatch, StepId } from '../../libs/contract';

export interface Procedure {
  /**
   * 13 for cases started now (12 with armed alerts emitted at their instant, 11 without armed alerts, 10 without local planning, 9 without the read model). Older cases: 8 (the full procedure), 4 (survey rounds; versions 5–7
   * added only updates, no patch), 1–3 before that — known to the legacy driver once it has read
   * the patches it reads after its first due date (their markers stand there in old histories).
   */
  version: number;
  /** The steps come from the case's policy (v8 on); before, the fixed path of LEGACY_STEPS. */
  policySteps: boolean;
  /** A survey window with the no-response rule, and re-handling rounds (v4 on). */
  surveyRounds: boolean;
  /** Deadlines and ladders count on the case's jurisdiction calendar (v8 on). */
  jurisdictionCalendars: boolean;
  /**
   * v9: co-units supervised, activities that fail for good raise attention, deadlines open as
   * their due dates come, search attributes from the state, one alert per rung per breach.
   */
  engine: boolean;
  /** v10: the case is projected into the read model after its changes. */
  projects: boolean;
  /** v11: due dates and alert plans by local activities (activities.ts, `engineActivities`). */
  localPlanning: boolean;
  /** v12: each alert armed ahead for the worker's dispatcher, disarmed if it is no longer owed (activities.ts, `armingOf`). */
  armsAlerts: boolean;
  /** v13: a ladder emits an alert it armed ARMED_EMIT_GRACE_MS after its instant, when the dispatcher has sent it. */
  emitsArmedLater: boolean;
  /**
   * v13: a breach is the deadline's — while it stays overdue through a move, a rung sent in the
   * breach is not sent again (deadline-ledger.ts, `planBreaches`); v9–v12: each rung's own, so one
   * a move put ahead was sent again.
   */
  breachesByDeadline: boolean;
}

/**
 * What a co-unit runs as: the capabilities of the version its case was started under, which the
 * case writes into the co-unit's input (a co-unit reads no patches of its own).
 */
export function coUnitProcedure(caseVersion = 0): Pick<Procedure, 'engine' | 'localPlanning' | 'armsAlerts' | 'emitsArmedLater' | 'breachesByDeadline'> {
  return { engine: caseVersion >= 9, localPlanning: caseVersion >= 11, armsAlerts: caseVersion >= 12, emitsArmedLater: caseVersion >= 13, breachesByDeadline: caseVersion >= 13 };
}

/** What cases before the full procedure walk, whatever their policy says. */
export const LEGACY_STEPS: readonly StepId[] = ['sign', 'work-plan', 'contact', 'reply', 'visit', 'survey'];

/**
 * Cases before v8 read two more patches after their first due dates came back, because that is
 * where their markers stand in their histories: whether the other steps counted from assignment
 * have deadlines (v3), then whether deadlines drive ladders (v2).
 */
export function legacyStepDeadlines(): boolean {
  return patched(CasePatch.StepDeadlines);
}
export function legacyLadders(): boolean {
  return patched(CasePatch.AlertLadder);
}

/** Reads the patches, in the order the versions added them (the markers' order in histories). */
export function chooseProcedure(): Procedure {
  const surveyRounds = patched(CasePatch.Rehandling);
  if (!patched(CasePatch.FullProcedure)) {
    return { version: surveyRounds ? 4 : 1, policySteps: false, surveyRounds, jurisdictionCalendars: false, engine: false, projects: false, localPlanning: false, armsAlerts: false, emitsArmedLater: false, breachesByDeadline: false };
  }
  const engine = patched(CasePatch.Engine);
  const projects = engine && patched(CasePatch.ReadModel);
  const localPlanning = projects && patched(CasePatch.LocalPlanning);
  const armsAlerts = localPlanning && patched(CasePatch.ArmedAlerts);
  const emitsArmedLater = armsAlerts && patched(CasePatch.GraceAndBreaches);
  const version = emitsArmedLater ? 13 : armsAlerts ? 12 : localPlanning ? 11 : projects ? 10 : engine ? 9 : 8;
  return { version, policySteps: true, surveyRounds, jurisdictionCalendars: true, engine, projects, localPlanning, armsAlerts, emitsArmedLater, breachesByDeadline: emitsArmedLater };
}
