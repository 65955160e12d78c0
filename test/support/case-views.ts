/**
 * Hand-built read-model views for the statistics' tests and benchmark: a case as its workflow
 * would project it, with only what a test says and the rest empty. Times are China noon of a date
 * unless a test gives an instant.
 */
import { endOfChinaDay } from '../../libs/calendar';
import type { CaseDeadline, CaseView, CoUnitView, DeadlineStatus, HistoryEntry, SurveyRecord } from '../../libs/contract';
import { CaseStage } from '../../libs/contract';
import type { CaseKind } from '../../libs/policy';

/** Noon in China on `date` (04:00 UTC). */
export const noon = (date: string): string => `${date}T04:00:00.000Z`;

export interface SentAlert {
  kind: 'reminder' | 'overdue' | 'escalation' | 'notice';
  recipients: string[];
}

/** A deadline due on `dueOn`; met ones at noon of `metOn`. */
export function deadline(id: string, status: DeadlineStatus, dueOn: string, opts: { metOn?: string; sent?: SentAlert[]; suspended?: boolean; step?: string } = {}): CaseDeadline {
  return {
    id: id as CaseDeadline['id'],
    step: (opts.step ?? (id.startsWith('rehandle-') ? 'reply' : id)) as CaseDeadline['step'],
    due: { dueOn, dueAt: endOfChinaDay(dueOn), explanation: '', calendar: { id: 'cn-official', version: 'test' } } as unknown as CaseDeadline['due'],
    status,
    ...(opts.metOn ? { metAt: noon(opts.metOn) } : {}),
    ...(status === 'overdue' ? { overdueSince: endOfChinaDay(dueOn) } : {}),
    ...(opts.suspended ? { suspended: true } : {}),
    alerts: (opts.sent ?? []).map((a, i) => ({
      alertId: `x/${id}/r1/${a.kind}`, kind: a.kind, rungId: a.kind, recipients: a.recipients as never, deliverAt: noon(dueOn),
      heldForQuietHours: false, title: `alert ${i}`, status: 'sent' as const, sentAt: noon(dueOn),
    })),
  };
}

export interface ViewSpec {
  cycleId?: string;
  kind?: CaseKind;
  number: string;
  title?: string;
  leadUnit?: string;
  coUnits?: string[];
  keySupervised?: boolean;
  assignedOn?: string;
  submitters?: string[];
  stage?: CaseStage | `${CaseStage}`;
  closedAs?: CaseView['closedAs'];
  closedOn?: string;
  deadlines?: CaseDeadline[];
  /** Step → the date it was done (history at China noon). */
  done?: Partial<Record<'sign' | 'work-plan' | 'contact' | 'reply' | 'visit' | 'publish' | 'follow-up', string>>;
  contacts?: ('face-to-face' | 'phone' | 'online' | 'letter')[];
  reply?: { classification: string; round?: number };
  visitMethod?: 'face-to-face' | 'phone' | 'online' | 'letter';
  surveys?: (Partial<SurveyRecord> & Pick<SurveyRecord, 'result'>)[];
  round?: number;
  roundsSettled?: number;
  reviews?: NonNullable<CaseView['reviews']>;
  returns?: NonNullable<CaseView['returns']>;
  extensions?: { deadline: string; status: 'pending' | 'approved' | 'rejected' }[];
  followUp?: { kept?: boolean; reportedOn: string };
  jurisdiction?: string;
  workPlan?: boolean;
}

export function caseView(s: ViewSpec): CaseView {
  const kind = s.kind ?? 'npc-suggestion';
  const cycleId = s.cycleId ?? 'stats-test';
  const submitters = s.submitters ?? [`第${s.number}号领衔人`];
  const history: HistoryEntry[] = [{ seq: 1, action: 'assign', actor: 'office', at: noon(s.assignedOn ?? '2024-03-01'), details: {} }];
  for (const [action, date] of Object.entries(s.done ?? {}).sort((a, b) => a[1].localeCompare(b[1]))) {
    history.push({ seq: history.length + 1, action: action as HistoryEntry['action'], actor: 'x', at: noon(date), details: {} });
  }
  const closed = s.stage === 'closed' || s.closedAs !== undefined;
  return {
    caseId: `${cycleId}.${kind}.${s.number}`,
    cycleId,
    cycleTitle: '统计测试',
    ...(s.jurisdiction ? { jurisdiction: s.jurisdiction } : {}),
    kind,
    session: kind === 'cppcc-proposal' ? '政协九届六次会议' : '第十七届人大七次会议',
    number: s.number,
    title: s.title ?? `第${s.number}号的标题`,
    submitters,
    leadUnit: s.leadUnit ?? '区民政局',
    coUnits: s.coUnits ?? [],
    keySupervised: s.keySupervised ?? false,
    closedSession: false,
    complex: false,
    assignedOn: s.assignedOn ?? '2024-03-01',
    policy: { id: kind, version: '2026.1' },
    stage: (s.stage ?? (closed ? CaseStage.Closed : CaseStage.Assigned)) as CaseStage,
    overdue: (s.deadlines ?? []).some((d) => d.status === 'overdue'),
    deadlines: s.deadlines ?? [],
    ...(s.workPlan ?? s.done?.['work-plan'] ? { workPlan: { summary: '工作方案', responsible: '科室', plannedCompletionOn: '2024-06-30', submittedAt: noon(s.done?.['work-plan'] ?? '2024-03-08') } } : {}),
    contacts: (s.contacts ?? []).map((method) => ({ method, contactedOn: '2024-03-11', recordedAt: noon(s.done?.contact ?? '2024-03-11') })),
    ...(s.reply ? {
      reply: {
        text: '答复', classification: s.reply.classification, contactPerson: '王五', contactPhone: '022-1', repliedAt: noon(s.done?.reply ?? '2024-05-20'),
        round: s.reply.round ?? 1, repliedTo: submitters,
      },
    } : {}),
    ...(s.visitMethod ? { visit: { visitedOn: '2024-05-22', method: s.visitMethod, participants: ['局长'], recordedAt: noon(s.done?.visit ?? '2024-05-22') } } : {}),
    surveys: (s.surveys ?? []).map((a) => ({
      submitter: a.submitter ?? submitters[0], result: a.result, round: a.round ?? 1, proxyEntry: a.proxyEntry ?? false,
      recordedAt: a.recordedAt ?? noon('2024-05-24'), recordedBy: a.recordedBy ?? (a.proxyEntry ? 'office' : submitters[0]),
    })),
    history,
    round: s.round ?? 1,
    roundsSettled: s.roundsSettled ?? (closed && (s.surveys ?? []).length > 0 ? s.round ?? 1 : 0),
    ...(closed ? { closedAt: noon(s.closedOn ?? '2024-05-24'), closedAs: s.closedAs ?? 'satisfied' } : {}),
    ...(s.reviews ? { reviews: s.reviews } : {}),
    ...(s.returns ? { returns: s.returns } : {}),
    ...(s.extensions ? {
      extensions: s.extensions.map((e) => ({
        deadline: e.deadline as CaseDeadline['id'], fromDueOn: '2024-06-03', newDueOn: '2024-07-01', reason: '需要', requestedBy: 'x', requestedAt: noon('2024-05-30'), status: e.status,
      })),
    } : {}),
    ...(s.followUp ? { followUp: { report: '落实', reportedOn: s.followUp.reportedOn, ...(s.followUp.kept !== undefined ? { kept: s.followUp.kept } : {}), recordedAt: noon(s.followUp.reportedOn) } } : {}),
    ...(s.done?.publish ? { publication: { public: true, redacted: false, at: noon(s.done.publish), by: 'x' } } : {}),
    procedure: 2,
    version: 10,
    revision: 1,
    allowedActions: [],
    needsAttention: false,
    finished: closed,
  };
}

export function coUnitView(caseId: string, unit: string, stage: CoUnitView['stage'], deadlines: CaseDeadline[]): CoUnitView {
  return {
    caseId, unit, stage, revision: 1, overdue: deadlines.some((d) => d.status === 'overdue'),
    deadlines: deadlines as unknown as CoUnitView['deadlines'], history: [], allowedActions: [],
  };
}
