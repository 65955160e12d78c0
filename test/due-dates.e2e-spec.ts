import { dongli } from './support/fixtures';
import { eventually, useTestSystem } from './support/system';

jest.setTimeout(180_000);

const e2e = useTestSystem('due-dates');

/** Launches a one-case cycle assigned on `assignedOn` and reads its reply due date from the API. */
async function replyDue(assignedOn: string, complex = false) {
  const cycleId = `due-${assignedOn}${complex ? '-complex' : ''}`;
  const body = { ...dongli, cycleId, assignedOn, cases: [{ ...dongli.cases[0], complex }] };
  await e2e.http().post('/api/cycles').send(body).expect(201);
  return eventually(async () => {
    const res = await e2e.http().get(`/api/cases/${cycleId}.npc-suggestion.11`).expect(200);
    expect(res.body.deadlines.map((d: { id: string }) => d.id)).toContain('reply');
    return res.body.deadlines.find((d: { id: string }) => d.id === 'reply').due;
  });
}

describe('the reply deadline on China’s official calendar, as the API shows it', () => {
  it('moves a due date on National Day 2020 to the first working day after the holiday week', async () => {
    const due = await replyDue('2020-07-01');
    expect(due).toMatchObject({ dueOn: '2020-10-09', rolledFrom: '2020-10-01', provisional: false, dueAt: '2020-10-09T16:00:00.000Z' });
    expect(due.explanation).toBe('自2020-07-01起3个月为2020-10-01，遇非工作日2020-10-01至2020-10-08(国庆节)顺延，截止2020-10-09');
  });

  it('moves a due date on National Day 2024 to Tue 2024-10-08', async () => {
    expect(await replyDue('2024-07-01')).toMatchObject({ dueOn: '2024-10-08', rolledFrom: '2024-10-01' });
  });

  it('keeps a due date on Sat 2026-02-14, a make-up working day before the Spring Festival', async () => {
    const due = await replyDue('2025-11-14');
    expect(due.dueOn).toBe('2026-02-14');
    expect(due.rolledFrom).toBeUndefined();
  });

  it('moves a due date in the 2026 Spring Festival holiday to Tue 2026-02-24', async () => {
    const due = await replyDue('2025-11-15');
    expect(due).toMatchObject({ dueOn: '2026-02-24', rolledFrom: '2026-02-15' });
    expect(due.explanation).toContain('2026-02-15至2026-02-23(春节)顺延');
  });

  it('gives a complex case 6 months: 2024-08-01 is due after the 2025 Spring Festival, on 2025-02-05', async () => {
    expect(await replyDue('2024-08-01', true)).toMatchObject({ dueOn: '2025-02-05', rule: { amount: 6, unit: 'calendar-months' } });
  });

  it('flags a due date in a year the calendar does not cover yet as provisional', async () => {
    const due = await replyDue('2026-12-15');
    expect(due).toMatchObject({ dueOn: '2027-03-15', provisional: true });
  });

  it('gives every step counted from assignment its own due date: the 2020 National Day week and its make-up days', async () => {
    await replyDue('2020-09-25');
    const res = await e2e.http().get('/api/cases/due-2020-09-25.npc-suggestion.11').expect(200);
    const dues = Object.fromEntries(res.body.deadlines.map((d: { id: string; due: { dueOn: string } }) => [d.id, d.due.dueOn]));
    // 3 working days: Sun 09-27 (make-up), Mon 09-28, Tue 09-29. 15: through Oct 1–8 off and Sat 10-10 worked.
    expect(dues).toEqual({ sign: '2020-09-29', 'work-plan': '2020-10-22', contact: '2020-10-22', reply: '2020-12-25' });
  });
});
