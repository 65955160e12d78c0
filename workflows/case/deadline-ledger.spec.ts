/**
 * The deadline ledger at its edges, without Temporal: on time until the instant `dueAt` (00:00
 * China time after the due day) and late from that very instant; overdue since `dueAt`; a move
 * reopens only a deadline whose new `dueAt` is still ahead; a clock stop moves by whole calendar
 * days; and the ladders' alerts, one per rung per continuous breach.
 */
import type { ScheduledAlert } from '../../libs/alerts/alert.types';
import { computeDueDate, DueDate, WorkingCalendar } from '../../libs/calendar';
import type { CaseAlert, CoUnitInput, Deadline } from '../../libs/contract';
import { presetFor } from '../../libs/policy';
import { CoUnitFile } from './co-unit-file';
import { DeadlineLedger } from './deadline-ledger';
import type { PlannedRung } from './tracking-host';

const at = (iso: string) => new Date(iso);
const calendar = WorkingCalendar.official();

/** 5 working days after Fri 2020-09-25, over the 2020 National Day week: due Fri 2020-10-09. */
const dueOct9 = (): DueDate => computeDueDate({ amount: 5, unit: 'working-days' }, '2020-09-25', calendar);
/** The instant 2020-10-09 ends in China: 2020-10-10 00:00 +08:00. */
const OCT9_DUE_AT = '2020-10-09T16:00:00.000Z';

type Passed = { id: string; at: string };
function newLedger() {
  const owner: { deadlines: Deadline<string, string>[]; overdue: boolean } = { deadlines: [], overdue: false };
  const passed: Passed[] = [];
  const ledger = new DeadlineLedger<string, string>(owner, (d, when) => passed.push({ id: d.id, at: when.toISOString() }));
  return { owner, ledger, passed };
}

describe('DeadlineLedger: met on time until dueAt, late from dueAt', () => {
  it('counts dueOn 2020-10-09 as ending at 2020-10-09T16:00:00.000Z (00:00 China time on the 10th)', () => {
    expect(dueOct9()).toMatchObject({ dueOn: '2020-10-09', dueAt: OCT9_DUE_AT });
  });

  it('meets a deadline 1 ms before its dueAt on time', () => {
    const { ledger, owner } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    ledger.meet('reply', at('2020-10-09T15:59:59.999Z'));
    expect(d).toMatchObject({ status: 'met', metAt: '2020-10-09T15:59:59.999Z' });
    expect(owner.overdue).toBe(false);
  });

  it('meets a deadline exactly at its dueAt late', () => {
    const { ledger } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    ledger.meet('reply', at(OCT9_DUE_AT));
    expect(d).toMatchObject({ status: 'met-late', metAt: OCT9_DUE_AT });
  });

  it('meets a deadline opened after its step was done, on time or late by when the step was done', () => {
    const { ledger } = newLedger();
    expect(ledger.add('a', 'reply', dueOct9(), at('2020-10-09T15:59:59.999Z')).status).toBe('met');
    expect(ledger.add('b', 'reply', dueOct9(), at(OCT9_DUE_AT)).status).toBe('met-late');
  });

  it('meets only the open deadlines of the step: one already met keeps when it was met', () => {
    const { ledger } = newLedger();
    const first = ledger.add('reply', 'reply', dueOct9(), at('2020-10-01T00:00:00.000Z'));
    const other = ledger.add('sign', 'sign', dueOct9());
    ledger.meet('reply', at('2020-10-20T00:00:00.000Z'));
    expect(first).toMatchObject({ status: 'met', metAt: '2020-10-01T00:00:00.000Z' });
    expect(other.status).toBe('open');
  });
});

describe('DeadlineLedger: overdue', () => {
  it('marks a deadline overdue since its dueAt, not since the moment it was noticed, and records the passing then', () => {
    const { ledger, owner, passed } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    ledger.markOverdue(d, at('2020-10-12T03:00:00.000Z'));
    expect(d).toMatchObject({ status: 'overdue', overdueSince: OCT9_DUE_AT });
    expect(owner.overdue).toBe(true);
    expect(passed).toEqual([{ id: 'reply', at: '2020-10-12T03:00:00.000Z' }]);
  });

  it('clears the owner’s overdue flag when the overdue step is done (late)', () => {
    const { ledger, owner } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    ledger.markOverdue(d, at(OCT9_DUE_AT));
    ledger.meet('reply', at('2020-10-12T03:00:00.000Z'));
    expect(d.status).toBe('met-late');
    expect(owner.overdue).toBe(false);
  });
});

describe('DeadlineLedger: move', () => {
  /** dueOn 2020-10-16, dueAt 2020-10-16T16:00:00.000Z. */
  const oct16 = () => ({ ...dueOct9(), dueOn: '2020-10-16', dueAt: '2020-10-16T16:00:00.000Z' });

  function overdueDeadline() {
    const l = newLedger();
    const d = l.ledger.add('reply', 'reply', dueOct9());
    l.ledger.markOverdue(d, at(OCT9_DUE_AT));
    return { ...l, d };
  }

  it('reopens an overdue deadline whose new dueAt is after the moment of the move (1 ms before it)', () => {
    const { ledger, owner, d } = overdueDeadline();
    ledger.move(d, oct16(), at('2020-10-16T15:59:59.999Z'));
    expect(d.status).toBe('open');
    expect(d).not.toHaveProperty('overdueSince');
    expect(d.revision).toBe(2);
    expect(owner.overdue).toBe(false);
  });

  it('leaves it overdue when the new dueAt is exactly the moment of the move', () => {
    const { ledger, owner, d } = overdueDeadline();
    ledger.move(d, oct16(), at('2020-10-16T16:00:00.000Z'));
    expect(d).toMatchObject({ status: 'overdue', overdueSince: OCT9_DUE_AT, revision: 2, due: { dueOn: '2020-10-16' } });
    expect(owner.overdue).toBe(true);
  });

  it('counts revisions from 1: each move is the next', () => {
    const { ledger } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    expect(d.revision).toBeUndefined();
    ledger.move(d, oct16(), at('2020-10-01T00:00:00.000Z'));
    ledger.move(d, { ...oct16(), dueOn: '2020-10-19', dueAt: '2020-10-19T16:00:00.000Z' }, at('2020-10-02T00:00:00.000Z'));
    expect(d.revision).toBe(3);
  });
});

describe('DeadlineLedger: suspend and resume (中止)', () => {
  it('suspends every open deadline, not the met ones, under a new revision, cancelling the alerts not yet sent', () => {
    const { ledger } = newLedger();
    const open = ledger.add('reply', 'reply', dueOct9());
    const met = ledger.add('sign', 'sign', dueOct9(), at('2020-09-28T00:00:00.000Z'));
    open.alerts = [alert('reminder', 'sent'), alert('overdue', 'scheduled')];
    expect(ledger.suspendOpen()).toEqual([open]);
    expect(open).toMatchObject({ suspended: true, revision: 2 });
    expect(open.alerts.map((a) => a.status)).toEqual(['sent', 'cancelled']);
    expect(met).not.toHaveProperty('suspended');
  });

  it('resumes after N calendar days: due N days later, explained as 中止N天，顺延至…', () => {
    const { ledger } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    ledger.suspendOpen();
    expect(ledger.resume(3, at('2020-10-05T02:00:00.000Z'))).toEqual([d]);
    expect(d).toMatchObject({ suspended: false, revision: 3, status: 'open', due: { dueOn: '2020-10-12', dueAt: '2020-10-12T16:00:00.000Z' } });
    expect(d.due.explanation).toBe(`${dueOct9().explanation}；中止3天，顺延至2020-10-12`);
  });

  it('resumes after 0 days on the same due date', () => {
    const { ledger } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    ledger.suspendOpen();
    ledger.resume(0, at('2020-10-05T02:00:00.000Z'));
    expect(d.due).toMatchObject({ dueOn: '2020-10-09', dueAt: OCT9_DUE_AT });
    expect(d.due.explanation.endsWith('；中止0天，顺延至2020-10-09')).toBe(true);
  });

  it('reopens an overdue deadline the resumption puts back ahead, and leaves one still behind overdue', () => {
    const ahead = newLedger();
    const a = ahead.ledger.add('reply', 'reply', dueOct9());
    ahead.ledger.markOverdue(a, at(OCT9_DUE_AT));
    ahead.ledger.suspend(a);
    ahead.ledger.resume(5, at('2020-10-14T15:59:59.999Z')); // due 2020-10-14, ends 2020-10-14T16:00Z
    expect(a).toMatchObject({ status: 'open', due: { dueOn: '2020-10-14' } });
    expect(ahead.owner.overdue).toBe(false);

    const behind = newLedger();
    const b = behind.ledger.add('reply', 'reply', dueOct9());
    behind.ledger.markOverdue(b, at(OCT9_DUE_AT));
    behind.ledger.suspend(b);
    behind.ledger.resume(5, at('2020-10-14T16:00:00.000Z'));
    expect(b).toMatchObject({ status: 'overdue', due: { dueOn: '2020-10-14' } });
    expect(behind.owner.overdue).toBe(true);
  });
});

function alert(rungId: string, status: CaseAlert['status']): CaseAlert {
  return { alertId: rungId, kind: 'reminder', rungId, recipients: ['unit-handler'], deliverAt: '2020-10-01T01:00:00.000Z', heldForQuietHours: false, title: rungId, status };
}

const rung = (rungId: string, kind: ScheduledAlert['kind'], deliverAt: string, past = false): PlannedRung => ({
  alertId: `planned/${rungId}`, kind, rungId, recipients: ['unit-leader'], nominalAt: deliverAt, deliverAt,
  heldForQuietHours: false, title: rungId, body: rungId, ...(past ? { past: true } : {}),
});

describe('DeadlineLedger: alerts planned before v9 (planAlerts)', () => {
  // Ported from the CaseFile spec before the engine (git show 5f7e961^:workflows/case/case-file.spec.ts).
  it('skips alerts missed before the case started, except the latest, and cancels the rest when met', () => {
    const { ledger } = newLedger();
    const deadline = ledger.add('reply', 'reply', dueOct9());
    const toSend = ledger.planAlerts(
      deadline,
      [rung('a', 'reminder', '2020-01-01T00:00:00Z'), rung('b', 'reminder', '2020-02-01T00:00:00Z'), rung('c', 'reminder', '2030-01-01T00:00:00Z')],
      at('2020-06-01T00:00:00Z'),
    );
    expect(deadline.alerts?.map((a) => `${a.rungId}:${a.status}`)).toEqual(['a:skipped', 'b:scheduled', 'c:scheduled']);
    expect(toSend.map((a) => a.rungId)).toEqual(['b', 'c']);
    ledger.markAlertSent(toSend[0], at('2020-06-01T00:00:01Z'));
    expect(toSend[0].sentAt).toBe('2020-06-01T00:00:01.000Z');
    ledger.cancelAlerts(deadline);
    expect(deadline.alerts?.map((a) => a.status)).toEqual(['skipped', 'sent', 'cancelled']);
  });

  it('counts a rung due exactly when the case started as not missed', () => {
    const { ledger } = newLedger();
    const deadline = ledger.add('reply', 'reply', dueOct9());
    ledger.planAlerts(deadline, [rung('a', 'reminder', '2020-01-01T00:00:00Z'), rung('b', 'reminder', '2020-06-01T00:00:00Z'), rung('c', 'reminder', '2030-01-01T00:00:00Z')], at('2020-06-01T00:00:00Z'));
    expect(deadline.alerts?.map((a) => `${a.rungId}:${a.status}`)).toEqual(['a:scheduled', 'b:scheduled', 'c:scheduled']);
  });
});

describe('DeadlineLedger: one alert per rung per continuous breach (planBreaches, v9)', () => {
  const CASE = 'dongli-mca-2020.npc-suggestion.11';
  const ladder = (past: Partial<Record<string, boolean>> = {}) => [
    rung('reminder', 'reminder', '2020-10-06T01:00:00.000Z', past.reminder),
    rung('overdue', 'overdue', '2020-10-10T00:00:00.000Z', past.overdue),
    rung('escalation', 'escalation', '2020-10-13T01:00:00.000Z', past.escalation),
    rung('notice', 'notice', '2020-10-22T01:00:00.000Z', past.notice),
  ];
  const ids = (alerts: CaseAlert[]) => alerts.map((a) => a.alertId);
  const sendAll = (ledger: DeadlineLedger<string, string>, alerts: CaseAlert[], rungs: string[]) => {
    for (const a of alerts.filter((x) => rungs.includes(x.rungId))) ledger.markAlertSent(a, at('2020-10-12T00:00:00.000Z'));
  };

  it('names each rung of the first breach …/r1/{rung}', () => {
    const { ledger } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    expect(ids(ledger.planBreaches(d, ladder(), CASE))).toEqual([
      `${CASE}/reply/r1/reminder`, `${CASE}/reply/r1/overdue`, `${CASE}/reply/r1/escalation`, `${CASE}/reply/r1/notice`,
    ]);
  });

  it('does not send a rung again while a move leaves it behind the new date', () => {
    const { ledger } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    sendAll(ledger, ledger.planBreaches(d, ladder(), CASE), ['reminder', 'overdue']);
    // Moved, but the reminder and the overdue alert are still behind: the breach goes on.
    const again = ledger.planBreaches(d, ladder({ reminder: true, overdue: true }), CASE);
    expect(ids(again)).toEqual([`${CASE}/reply/r1/escalation`, `${CASE}/reply/r1/notice`]);
    expect(d.breaches).toEqual({ reminder: 1, overdue: 1, escalation: 1, notice: 1 });
    expect(d.alerts?.filter((a) => a.status === 'sent').map((a) => a.alertId)).toEqual([`${CASE}/reply/r1/reminder`, `${CASE}/reply/r1/overdue`]);
  });

  it('sends a sent rung again as r2 once a move put it back ahead, and as r3 only after another such move', () => {
    const { ledger } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    sendAll(ledger, ledger.planBreaches(d, ladder(), CASE), ['reminder', 'overdue']);
    const ahead = ledger.planBreaches(d, ladder(), CASE);
    expect(ids(ahead)).toEqual([`${CASE}/reply/r2/reminder`, `${CASE}/reply/r2/overdue`, `${CASE}/reply/r1/escalation`, `${CASE}/reply/r1/notice`]);
    sendAll(ledger, ahead, ['reminder']);
    // Behind again: r2's reminder was sent, so nothing of it now; the overdue alert of r2 was never sent and still owed.
    expect(ids(ledger.planBreaches(d, ladder({ reminder: true }), CASE))).toEqual([
      `${CASE}/reply/r2/overdue`, `${CASE}/reply/r1/escalation`, `${CASE}/reply/r1/notice`,
    ]);
    expect(ids(ledger.planBreaches(d, ladder(), CASE))[0]).toBe(`${CASE}/reply/r3/reminder`);
  });

  it('catches up on rungs already behind and never sent: reminders dropped, only the latest other one sent', () => {
    const { ledger } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    const owed = ledger.planBreaches(d, ladder({ reminder: true, overdue: true, escalation: true }), CASE);
    expect(ids(owed)).toEqual([`${CASE}/reply/r1/escalation`, `${CASE}/reply/r1/notice`]);
    expect(d.alerts?.map((a) => a.rungId)).toEqual(['escalation', 'notice']);
  });

  it('catches up on nothing when only the reminder is behind', () => {
    const { ledger } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    expect(ids(ledger.planBreaches(d, ladder({ reminder: true }), CASE))).toEqual([
      `${CASE}/reply/r1/overdue`, `${CASE}/reply/r1/escalation`, `${CASE}/reply/r1/notice`,
    ]);
  });

  it('catches up on the latest rung when every rung is behind', () => {
    const { ledger } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    expect(ids(ledger.planBreaches(d, ladder({ reminder: true, overdue: true, escalation: true, notice: true }), CASE))).toEqual([
      `${CASE}/reply/r1/notice`,
    ]);
  });

  describe('v13: the breach is the deadline’s', () => {
    /** Escalation and notice sent; the deadline then moved, at 2020-10-14T00:00Z, to `dueAt`; planned again with every rung put ahead. */
    function movedAfterEscalation(dueAt: string, byDeadline: boolean) {
      const { ledger } = newLedger();
      const d = ledger.add('reply', 'reply', dueOct9());
      ledger.markOverdue(d, at(OCT9_DUE_AT));
      sendAll(ledger, ledger.planBreaches(d, ladder(), CASE, byDeadline), ['reminder', 'overdue', 'escalation']);
      ledger.move(d, { ...d.due, dueAt }, at('2020-10-14T00:00:00.000Z'));
      return { d, again: ids(ledger.planBreaches(d, ladder({ reminder: true, overdue: true }), CASE, byDeadline)) };
    }

    it('sends no rung of the breach again while the move leaves the deadline overdue, its new dueAt exactly the moment of the move', () => {
      const { d, again } = movedAfterEscalation('2020-10-14T00:00:00.000Z', true);
      expect(d.status).toBe('overdue');
      expect(again).toEqual([`${CASE}/reply/r1/notice`]);
    });

    it('starts a new breach when the move put the deadline back ahead, 1 ms after the moment of the move', () => {
      const { d, again } = movedAfterEscalation('2020-10-14T00:00:00.001Z', true);
      expect(d.status).toBe('open');
      expect(again).toEqual([`${CASE}/reply/r2/escalation`, `${CASE}/reply/r1/notice`]);
    });

    it('v9–v12 (not by deadline) send the escalation the move put ahead again, the deadline still overdue', () => {
      const { d, again } = movedAfterEscalation('2020-10-14T00:00:00.000Z', false);
      expect(d.status).toBe('overdue');
      expect(again).toEqual([`${CASE}/reply/r2/escalation`, `${CASE}/reply/r1/notice`]);
    });
  });

  it('replaces what was scheduled under the same ids rather than listing an alert twice', () => {
    const { ledger } = newLedger();
    const d = ledger.add('reply', 'reply', dueOct9());
    ledger.planBreaches(d, ladder(), CASE);
    ledger.cancelAlerts(d); // the deadline moved
    ledger.planBreaches(d, ladder(), CASE);
    expect(d.alerts?.map((a) => `${a.rungId}:${a.status}`)).toEqual(['reminder:scheduled', 'overdue:scheduled', 'escalation:scheduled', 'notice:scheduled']);
  });
});

describe('CoUnitFile: a co-unit’s deadlines on the same ledger', () => {
  const input = (): CoUnitInput => ({
    caseId: 'dongli-mca-2020.cppcc-proposal.50', unit: '区司法局', kind: 'cppcc-proposal', session: '政协九届六次会议',
    number: '50', title: '关于加强社区法律援助的提案', keySupervised: false, assignedOn: '2020-09-25', policy: presetFor('cppcc-proposal'), version: 9,
  });

  it('meets its opinion deadline on time 1 ms before dueAt, and late exactly at dueAt', () => {
    const onTime = new CoUnitFile(input(), at('2020-09-25T02:00:00.000Z'));
    onTime.openDeadline('co-opinion', dueOct9());
    onTime.opinion({ opinion: '同意主办单位意见' }, at('2020-10-09T15:59:59.999Z'));
    expect(onTime.state.deadlines[0]).toMatchObject({ id: 'co-opinion', status: 'met' });

    const late = new CoUnitFile(input(), at('2020-09-25T02:00:00.000Z'));
    late.openDeadline('co-opinion', dueOct9());
    late.opinion({ opinion: '同意主办单位意见' }, at(OCT9_DUE_AT));
    expect(late.state.deadlines[0]).toMatchObject({ id: 'co-opinion', status: 'met-late', metAt: OCT9_DUE_AT });
    expect(late.state.stage).toBe('opinion-given');
  });

  it('moves its open deadlines by the case’s clock restart, with the same explanation', () => {
    const file = new CoUnitFile(input(), at('2020-09-25T02:00:00.000Z'));
    file.openDeadline('co-opinion', dueOct9());
    file.clock({ stop: { reason: '待市级部门答复', by: 'office' } }, at('2020-10-01T02:00:00.000Z'));
    expect(file.state.deadlines[0]).toMatchObject({ suspended: true, revision: 2 });
    file.clock({ restart: { days: 4 } }, at('2020-10-05T02:00:00.000Z'));
    expect(file.state.deadlines[0]).toMatchObject({ suspended: false, revision: 3, due: { dueOn: '2020-10-13', dueAt: '2020-10-13T16:00:00.000Z' } });
    expect(file.state.deadlines[0].due.explanation.endsWith('；中止4天，顺延至2020-10-13')).toBe(true);
  });
});
