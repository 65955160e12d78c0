/**
 * What completing a step of the chain does beyond the step itself: its deadlines are met, and the
 * next required step's deadline opens when the policy counts it from the previous step (the
 * reply also opens publication's).
 */
import { chinaDateOf } from '../../../libs/calendar/iso-date';
import { ChainStep, nextChainStep } from '../allowed-actions';
import type { CaseFile } from '../case-file';

export function completeStep(file: CaseFile, step: ChainStep, at: Date): void {
  file.deadlines.meet(step, at);
  if (!file.procedure.policySteps) return;
  const next = nextChainStep(file, step);
  const rule = next && next !== 'reply' ? file.input.policy.steps[next]?.deadline : undefined;
  const opened = next !== undefined && file.deadlines.open().some((d) => d.id === next);
  if (next && rule?.from === 'previous-step' && !opened) {
    file.requests.push({ kind: 'open', id: next, step: next, rule, from: chinaDateOf(at), since: at });
  }
  const publish = file.input.policy.steps.publish?.deadline;
  if (step === 'reply' && publish && file.requires('publish') && !file.deadlines.find('publish')) {
    const from = publish.from === 'previous-step' ? chinaDateOf(at) : file.startOf(publish);
    file.requests.push({ kind: 'open', id: 'publish', step: 'publish', rule: publish, from, since: at });
  }
}
