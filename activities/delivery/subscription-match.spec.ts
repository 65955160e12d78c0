import { subscriptionMatches } from './subscription-match';

const overdue = { recipients: ['unit-leader', 'supervisor'], unit: '区民政局', kind: 'overdue', rungId: 'overdue' };
const all = { recipient: null, unit: null, rungs: null };

describe('which subscriptions an alert goes to', () => {
  it('a subscription without filters gets every alert', () => {
    expect(subscriptionMatches(all, overdue)).toBe(true);
  });

  it('a supervisor’s subscription gets the alerts that name the supervisor, not the unit handler’s reminders', () => {
    const supervisor = { ...all, recipient: 'supervisor' };
    expect(subscriptionMatches(supervisor, overdue)).toBe(true);
    expect(subscriptionMatches(supervisor, { ...overdue, kind: 'reminder', rungId: 'reminder', recipients: ['unit-handler'] })).toBe(false);
  });

  it('a unit’s subscription gets only alerts about that unit; an alert of unknown unit matches no unit filter', () => {
    expect(subscriptionMatches({ ...all, unit: '区民政局' }, overdue)).toBe(true);
    expect(subscriptionMatches({ ...all, unit: '区司法局' }, overdue)).toBe(false);
    expect(subscriptionMatches({ ...all, unit: '区民政局' }, { ...overdue, unit: null })).toBe(false);
  });

  it('a rung filter matches the alert’s kind or its rung id', () => {
    expect(subscriptionMatches({ ...all, rungs: ['overdue', 'escalation'] }, overdue)).toBe(true);
    expect(subscriptionMatches({ ...all, rungs: ['notice'] }, overdue)).toBe(false);
    expect(subscriptionMatches({ ...all, rungs: ['overdue-2'] }, { ...overdue, rungId: 'overdue-2' })).toBe(true);
  });

  it('every filter must hold', () => {
    expect(subscriptionMatches({ recipient: 'supervisor', unit: '区民政局', rungs: ['overdue'] }, overdue)).toBe(true);
    expect(subscriptionMatches({ recipient: 'office', unit: '区民政局', rungs: ['overdue'] }, overdue)).toBe(false);
  });
});
