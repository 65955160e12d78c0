import { CaseStage } from '../../../libs/contract';
import type { Step } from './step';

/** 撤案: closed with the reason; open deadlines stop counting, their alerts and the co-units' parts are cancelled. */
export const withdraw: Step<'withdraw'> = {
  apply(file, input, at) {
    const by = input.actor ?? 'office';
    file.state.withdrawal = { reason: input.reason, by, at: at.toISOString() };
    file.state.closedAs = 'withdrawn';
    file.state.closedAt = at.toISOString();
    for (const d of file.deadlines.all) file.deadlines.cancelAlerts(d);
    if (file.procedure.engine) file.coUnitMail.push({ cancel: { reason: input.reason, by } });
    file.advance(CaseStage.Closed, 'withdraw', by, at, { reason: input.reason });
  },
};
