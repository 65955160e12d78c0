/**
 * Test-only (test/replay/timer-paths.replay-spec.ts): every workflow type the case worker runs,
 * each first awaiting a 1 ms sleep before its real code — a reordering no recorded history can
 * replay. The spec replays histories on this module and expects nondeterminism errors, proving
 * that the replay suite notices reordered workflow code. Nothing else imports it: the worker
 * bundles workflows/index.ts, and Jest only runs *.spec.ts and *.replay-spec.ts files.
 */
import { sleep } from '@temporalio/workflow';
import * as real from '../../../workflows';
import type { AlertDeliveryInput, AlertDeliveryResult, CaseInput, CaseView, CoUnitInput, CoUnitOpinion } from '../../../libs/contract';

export async function caseWorkflow(input: CaseInput): Promise<CaseView> {
  await sleep(1);
  return real.caseWorkflow(input);
}

export async function coUnitWorkflow(input: CoUnitInput): Promise<CoUnitOpinion | undefined> {
  await sleep(1);
  return real.coUnitWorkflow(input);
}

export async function alertDeliveryWorkflow(input: AlertDeliveryInput): Promise<AlertDeliveryResult> {
  await sleep(1);
  return real.alertDeliveryWorkflow(input);
}
