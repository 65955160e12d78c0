/**
 * What a case allows now: the next step(s) of its procedure from its stage, what stays open after
 * the reply (publication, follow-up), and the office's actions (extension, the clock, withdrawal,
 * attention). One algorithm for every version: what differs is what `requires()` says.
 */
import { CaseAction, CaseStage } from '../../libs/contract';
import type { CaseFile } from './case-file';

/** The steps every case walks in this order; a procedure leaves out those it does not require. */
export const CHAIN_STEPS = ['sign', 'work-plan', 'contact', 'draft-reply', 'co-sign', 'sign-off', 'review', 'reply', 'visit'] as const;
export type ChainStep = (typeof CHAIN_STEPS)[number];

/** The stage each step of the chain leads to. */
export const STAGE_AFTER: Record<ChainStep, CaseStage> = {
  sign: CaseStage.Signed,
  'work-plan': CaseStage.Planned,
  contact: CaseStage.Contacted,
  'draft-reply': CaseStage.Drafted,
  'co-sign': CaseStage.CoSigned,
  'sign-off': CaseStage.SignedOff,
  review: CaseStage.Reviewed,
  reply: CaseStage.Replied,
  visit: CaseStage.Visited,
};

/** The next required step of the chain after `step`, if any. */
export function nextChainStep(file: CaseFile, step: ChainStep): ChainStep | undefined {
  return CHAIN_STEPS.slice(CHAIN_STEPS.indexOf(step) + 1).find((s) => file.requires(s));
}

export function allowedActions(file: CaseFile): CaseAction[] {
  const steps = nextSteps(file);
  if (file.isClosed()) return steps;
  if (file.procedure.policySteps) steps.push(...afterReply(file), ...(file.state.reply ? [] : ['merge' as const]));
  const open = file.deadlines.open().length > 0;
  const extension: CaseAction[] = pendingExtension(file)
    ? ['extension-decision']
    : file.stage !== CaseStage.Consultation && open ? ['extension-request'] : [];
  const clock: CaseAction[] = runningClockStop(file) ? ['restart-clock'] : open ? ['stop-clock'] : [];
  return [...steps, ...extension, ...clock, 'withdraw', ...attentionActions(file)];
}

/** The next step(s) the procedure requires from the current stage. */
function nextSteps(file: CaseFile): CaseAction[] {
  const stage = file.stage;
  switch (stage) {
    case CaseStage.Assigned:
      return ['sign', ...(returnOpen(file) ? ['return' as const] : [])];
    case CaseStage.ReturnRequested:
      return ['return-decision'];
    case CaseStage.Revision:
      return ['draft-reply'];
    case CaseStage.Rehandling:
      return [...(file.requires('contact') ? ['contact' as const] : []), file.requires('draft-reply') ? 'draft-reply' : 'reply'];
    case CaseStage.Consultation:
      return ['consult'];
    case CaseStage.Closed:
      return afterReply(file);
    default: {
      if (file.surveyOpen()) return ['survey'];
      const next = chainStepDue(file);
      const actions: CaseAction[] = next === undefined ? ['survey'] : offered(file, next) ? [next] : [];
      if (stage === CaseStage.Contacted) actions.unshift('contact');
      if (stage === CaseStage.Drafted) actions.push('draft-reply');
      return actions;
    }
  }
}

/** The chain step the stage calls for next (whether or not it can be done yet). */
export function chainStepDue(file: CaseFile): ChainStep | undefined {
  const done = CHAIN_STEPS.find((step) => STAGE_AFTER[step] === file.stage);
  return done ? nextChainStep(file, done) : undefined;
}

/** Co-sign is offered a co-unit may co-sign; sign-off once every co-unit opinion is in. */
function offered(file: CaseFile, step: ChainStep): boolean {
  if (step === 'co-sign') return unitsThatMayCoSign(file).length > 0;
  if (step === 'sign-off') return missingCoOpinions(file).length === 0;
  return true;
}

/** Publication and the B-class follow-up, open from the reply (or the close) until done. */
function afterReply(file: CaseFile): CaseAction[] {
  if (file.state.closedAs === 'withdrawn') return [];
  const publish: CaseAction[] = file.requires('publish') && file.state.reply && !file.state.publication ? ['publish'] : [];
  const followUp: CaseAction[] = file.isClosed() && file.owesFollowUp() && !file.state.followUp ? ['follow-up'] : [];
  return [...publish, ...followUp];
}

/** The office may restart a failed co-unit, or retry what failed for good. */
function attentionActions(file: CaseFile): CaseAction[] {
  return [
    ...(file.openAttention('co-unit-failed').length > 0 ? ['restart-co-unit' as const] : []),
    ...(file.openAttention('activity-failed').length > 0 ? ['retry' as const] : []),
  ];
}

/** The lead unit may still return the case: within the window, and not after a rejected return. */
export function returnOpen(file: CaseFile): boolean {
  const window = file.state.returnWindow;
  const rejected = file.state.returns?.some((r) => r.unit === file.state.leadUnit && r.decision === 'reject');
  return file.requires('return') && window !== undefined && !rejected && file.now().getTime() < Date.parse(window.dueAt);
}

export function pendingExtension(file: CaseFile) {
  return file.state.extensions?.find((e) => e.status === 'pending');
}

export function runningClockStop(file: CaseFile) {
  return file.state.clockStops?.find((c) => c.until === undefined);
}

/** Co-units that have not yet given the opinion the policy requires. */
export function missingCoOpinions(file: CaseFile): string[] {
  if (!file.requires('co-opinion')) return [];
  return file.input.coUnits.filter((u) => !file.state.coOpinions?.some((o) => o.unit === u));
}

/** Co-units that co-signed the current draft. */
export function coSignedCurrentDraft(file: CaseFile): string[] {
  const version = file.state.draft?.version;
  return (file.state.coSigns ?? []).filter((c) => c.draftVersion === version).map((c) => c.unit);
}

/** Co-units that may co-sign the current draft now: their opinion is in and they have not signed it. */
export function unitsThatMayCoSign(file: CaseFile): string[] {
  const signed = coSignedCurrentDraft(file);
  const waiting = missingCoOpinions(file);
  return file.input.coUnits.filter((u) => !signed.includes(u) && !waiting.includes(u));
}
