/**
 * Survey rounds until the case closes: each reply opens a survey window; at its end whoever has not
 * answered is recorded by the no-response rule. A dissatisfied round reopens the case with a
 * re-handling deadline; after the last round the office consults and closes it.
 */
import { condition } from '@temporalio/workflow';
import type { DeadlineRule, DueDate, IsoDate } from '../../../libs/calendar';
import { chinaDateOf } from '../../../libs/calendar/iso-date';
import { CaseDeadline, CaseStage } from '../../../libs/contract';
import type { CaseFile } from '../case-file';
import { openSurveyWindow, recordNoResponse, repliedInRound, roundSettled } from '../steps/survey';
import type { Change } from './changes';

export interface RoundDeps {
  change: Change;
  /** The due date of a rule from a date; undefined when it failed for good and the case ended. */
  due(rule: DeadlineRule, from: IsoDate, deadline: string): Promise<DueDate | undefined>;
  track(deadline: CaseDeadline): Promise<void>[];
}

export async function surveyRounds(file: CaseFile, { change, due, track }: RoundDeps): Promise<void> {
  const { policy } = file.input;
  const tracked: Promise<void>[] = [];
  const isClosed = () => file.isClosed();
  while (!isClosed()) {
    const round = file.round;
    await condition(() => repliedInRound(file, round) || isClosed());
    if (isClosed()) break;
    const window = await due(policy.survey.window, chinaDateOf(file.state.reply!.repliedAt), 'survey');
    if (!window) break;
    change(() => openSurveyWindow(file, round, window));
    const remaining = Date.parse(window.dueAt) - new Date().getTime();
    const answered = remaining > 0 && (await condition(() => roundSettled(file, round) || isClosed(), remaining));
    if (!answered && !roundSettled(file, round) && !isClosed()) {
      // the visit comes first
      await condition(() => file.surveyOpen() || roundSettled(file, round) || isClosed());
      if (!roundSettled(file, round) && !isClosed()) change(() => recordNoResponse(file, new Date()));
    }
    if (file.stage === CaseStage.Rehandling) {
      const since = new Date();
      const rehandle = await due(policy.rehandling.deadline, chinaDateOf(since), `rehandle-${round}`);
      if (!rehandle) break;
      tracked.push(...track(change(() => file.openDeadline(`rehandle-${round}`, 'reply', rehandle, since))));
    }
    if (file.stage === CaseStage.Consultation) await condition(isClosed);
  }
  await Promise.all(tracked);
}
