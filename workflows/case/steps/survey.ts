/**
 * 满意度测评 and what follows it: each submitter answers once per round; when all have (or the
 * window ends: no answer is recorded by the policy's rule, never silently as satisfied), the round
 * settles — closed, re-handled after a dissatisfied answer, or sent to the office's consultation
 * after the last round. 面商 (consult) then closes the case dissatisfied.
 */
import type { DueDate } from '../../../libs/calendar';
import { CaseStage, SurveyInput } from '../../../libs/contract';
import type { CaseFile } from '../case-file';
import { Step, stepFields, unless } from './step';

export const survey: Step<'survey'> = {
  problems: (file, input) => {
    const { submitters } = file.state;
    return [unless(submitters.includes(surveyed(file, input)), 'submitter', `must be one of: ${submitters.join(', ')}`)];
  },
  conflict: (file, input) => {
    const submitter = surveyed(file, input);
    return answeredThisRound(file, submitter) ? `${submitter} has already answered the survey` : undefined;
  },
  apply(file, input, at) {
    const submitter = surveyed(file, input);
    const recordedBy = input.actor ?? (input.proxyEntry ? 'office' : submitter);
    file.state.surveys.push({
      submitter,
      result: input.result,
      ...(input.attitude ? { attitude: input.attitude } : {}),
      ...(file.procedure.surveyRounds ? { round: file.round } : {}),
      proxyEntry: input.proxyEntry ?? false,
      recordedAt: at.toISOString(),
      recordedBy,
    });
    const details = { submitter, result: input.result, proxyEntry: input.proxyEntry ?? false };
    if (!file.state.submitters.every((s) => answeredThisRound(file, s))) return file.record('survey', recordedBy, at, details);
    if (!file.procedure.surveyRounds) {
      file.state.closedAt = at.toISOString();
      return file.advance(CaseStage.Closed, 'survey', recordedBy, at, details);
    }
    file.record('survey', recordedBy, at, details);
    settleRound(file, at);
  },
};

export const consult: Step<'consult'> = {
  apply(file, input, at) {
    file.state.consultation = { ...stepFields(input), recordedAt: at.toISOString() };
    file.close('dissatisfied', at);
    file.advance(CaseStage.Closed, 'consult', input.actor ?? 'office', at, { consultedOn: input.consultedOn });
  },
};

/** The survey window ended: whoever has not answered is recorded by the policy's rule. */
export function recordNoResponse(file: CaseFile, at: Date): void {
  const missing = file.state.submitters.filter((s) => !answeredThisRound(file, s));
  const result = file.input.policy.survey?.noResponse === 'satisfied' ? 'satisfied' : 'no-response';
  for (const submitter of missing) {
    file.state.surveys.push({ submitter, result, round: file.round, proxyEntry: false, recordedAt: at.toISOString(), recordedBy: 'system' });
  }
  file.record('no-response', 'system', at, { submitters: missing, recordedAs: result });
  settleRound(file, at);
}

export function roundSettled(file: CaseFile, round: number): boolean {
  return (file.state.roundsSettled ?? 0) >= round;
}

export function repliedInRound(file: CaseFile, round: number): boolean {
  return file.state.reply !== undefined && (file.state.reply.round ?? 1) === round;
}

export function openSurveyWindow(file: CaseFile, round: number, due: DueDate): void {
  file.state.surveyWindows?.push({ round, due });
}

/** Every answer of the round is in: close, re-handle, or send the case to the office. */
function settleRound(file: CaseFile, at: Date): void {
  const answers = file.state.surveys.filter((s) => (s.round ?? 1) === file.round);
  file.state.roundsSettled = file.round;
  if (answers.some((a) => a.result === 'dissatisfied')) {
    if (file.round <= (file.input.policy.rehandling?.maxRounds ?? 0)) {
      file.state.round = file.round + 1;
      return file.advance(CaseStage.Rehandling, 'rehandle', 'system', at, { round: file.state.round });
    }
    return file.advance(CaseStage.Consultation, 'to-consultation', 'system', at, { rounds: file.round });
  }
  file.close(answers.every((a) => a.result === 'no-response') ? 'no-response' : 'satisfied', at);
  file.state.stage = CaseStage.Closed;
}

function surveyed(file: CaseFile, input: SurveyInput): string {
  if (input.submitter !== undefined) return input.submitter;
  return file.state.submitters.length === 1 ? file.state.submitters[0] : '';
}

function answeredThisRound(file: CaseFile, submitter: string): boolean {
  return file.state.surveys.some((r) => r.submitter === submitter && (r.round ?? 1) === file.round);
}
