/** Quiet hours as a policy override has them (China wall-clock HH:MM; an end before the start runs overnight). */
export interface QuietHours {
  start: string;
  end: string;
  workingDaysOnly: boolean;
}

export interface OverdueCycleOptions {
  /** Who the overdue rung alerts (default: the unit's leader and the supervisor). */
  recipients?: string[];
  /** Default: none ('00:00'–'00:00'), so each alert goes out at launch, whatever the hour a suite runs at. */
  quietHours?: QuietHours;
  title?: string;
}

/**
 * A cycle of Dongli suggestions assigned on 2020-05-07, as `POST /api/cycles` takes it: every
 * deadline counted from assignment is long past at launch, and the policy keeps one rung, the
 * overdue alert, so each past deadline owes exactly one alert.
 */
export function overdueCycle(cycleId: string, numbers: string[], options: OverdueCycleOptions = {}) {
  return {
    cycleId,
    title: options.title ?? '东丽区 2020 年建议办理（逾期催办）',
    jurisdiction: '天津市东丽区',
    assignedOn: '2020-05-07',
    cases: numbers.map((number) => ({
      kind: 'npc-suggestion',
      session: '第十七届人大七次会议',
      number,
      title: `关于加强社区养老服务的建议（第${number}号）`,
      submitters: [`第${number}号建议领衔代表`],
      leadUnit: '区民政局',
      coUnits: [],
      keySupervised: false,
      closedSession: false,
    })),
    policyOverrides: {
      'npc-suggestion': {
        quietHours: options.quietHours ?? { start: '00:00', end: '00:00', workingDaysOnly: false },
        escalation: {
          ordinary: [{ id: 'overdue', kind: 'overdue', offsetWorkingDays: 0, recipients: options.recipients ?? ['unit-leader', 'supervisor'] }],
        },
      },
    },
  };
}
