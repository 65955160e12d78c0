import { WorkingCalendar, endOfChinaDay } from '../calendar';
import { scheduleAlerts, type LadderRung, type QuietHours } from '../alerts';
import { PRESET_IDS, POLICY_PRESETS } from './index';

/** libs/alerts defines its own ladder types; a policy's ladders and quiet hours must feed it as they are. */
describe('policy ladders drive libs/alerts', () => {
  const cal = WorkingCalendar.official();
  const subject = {
    caseId: 'npc-17-7-11',
    deadlineId: 'reply',
    dueOn: '2020-10-09',
    dueAt: endOfChinaDay('2020-10-09'),
    revision: 1,
    unit: '区民政局',
    caseTitle: '关于……的建议',
    caseNumberLabel: '第十七届人大七次会议第11号建议',
    stepLabel: '答复',
  };

  it.each(PRESET_IDS)('the %s ladders schedule one alert per rung', (id) => {
    const { escalation, quietHours } = POLICY_PRESETS[id];
    const quiet: QuietHours = quietHours;
    for (const ladder of [escalation.ordinary, escalation.key]) {
      const rungs: LadderRung[] = ladder;
      const alerts = scheduleAlerts(subject, structuredClone(rungs), quiet, cal);
      expect(alerts.map((a) => a.rungId)).toEqual(ladder.map((r) => r.id));
    }
  });
});
