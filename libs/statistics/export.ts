/**
 * The statistics as files offices open in Excel or WPS: an .xlsx workbook (统计总览, 分单位统计,
 * 逾期件, 考核得分, 逐件得分明细 — Chinese headers, numbers as numbers, rates as percentages,
 * the header row frozen) and the unit table as .csv (UTF-8 with a byte-order mark, CRLF, a cell
 * Excel would take for a formula written as text).
 */
import ExcelJS from 'exceljs';
import { LABELS } from '../i18n/labels';
import type { CaseScore } from './assessment';
import type { ScoreTable, UnitStatistics, UnitTable } from './statistics';
import type { CycleStatistics, Figures, Rate } from './statistics.types';
import { STEP_DAY_STEPS } from './statistics.types';

const L = LABELS.statistics;
const E = L.export;
const F = L.figure;

/** A cell: a count, a rate (shown as a percentage), a number of days or points, or text. */
type Cell = { count: number } | { rate: number | null } | { number: number | null } | string | null;

const say = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));

/** One line of the overview: label, value, and for a rate what it rests on. */
function overviewRows(f: Figures): [string, Cell, number | null, number | null][] {
  const count = (label: string, n: number): [string, Cell, null, null] => [label, { count: n }, null, null];
  const rate = (label: string, r: Rate): [string, Cell, number, number] => [label, { rate: r.rate }, r.numerator, r.denominator];
  const s = f.satisfaction;
  return [
    count(F.cases, f.cases), count(F.npc, f.byKind['npc-suggestion']), count(F.cppcc, f.byKind['cppcc-proposal']), count(F.hotline, f.byKind['hotline-ticket']),
    count(F.keySupervised, f.keySupervised), count(F.ordinary, f.ordinary), count(F.withdrawn, f.withdrawn), count(F.counted, f.counted), count(F.closed, f.closed),
    count(F.workPlan, f.done.workPlan), count(F.contact, f.done.contact), count(F.faceToFace, f.done.faceToFace), count(F.reply, f.done.reply),
    count(F.visit, f.done.visit), count(F.survey, f.done.survey), count(F.publish, f.done.publish), count(F.followUp, f.done.followUp),
    rate(F.replyRate, f.replyRate), rate(F.onTimeRate, f.onTimeRate),
    count(F.onTimeMet, f.onTime.met), count(F.onTimeExtended, f.onTime.metWithExtension), count(F.onTimeLate, f.onTime.late),
    count(F.onTimeOverdue, f.onTime.overdue), count(F.notYetDue, f.onTime.notYetDue),
    rate(F.meetingRate, f.meetingRate),
    rate(F.satisfactionRate, s.final.rate), count(F.satisfied, s.final.satisfied), count(F.basicallySatisfied, s.final.basicallySatisfied),
    count(F.dissatisfied, s.final.dissatisfied), count(F.noResponse, s.final.noResponse),
    rate(F.firstRoundSatisfactionRate, s.firstRound.rate), rate(F.submitterGivenRate, s.submitterGiven.rate),
    rate(F.proxyEnteredRate, s.proxyEntered.rate), count(F.proxyEntered, s.proxyEntered.answered + s.proxyEntered.noResponse),
    ...f.classification.levels.map((l) => rate(say(F.classShare, { code: l.code, label: l.label }), l.share)),
    rate(F.commitmentRate, f.commitments.rate), count(F.promised, f.commitments.promised), count(F.commitmentsDue, f.commitments.due),
    count(F.kept, f.commitments.kept), count(F.missed, f.commitments.missed),
    count(F.returns, f.returns.requested), count(F.returnsRejected, f.returns.rejected), count(F.reassigned, f.returns.reassigned),
    count(F.extensions, f.extensions.requested), count(F.extensionsApproved, f.extensions.approved),
    count(F.rehandlingCases, f.rehandling.cases), count(F.rehandlingRounds, f.rehandling.rounds),
    count(F.overdueCases, f.overdueNow.cases), count(F.overdueDeadlines, f.overdueNow.deadlines),
    ...STEP_DAY_STEPS.map((step): [string, Cell, number | null, number | null] => [
      say(F.stepDays, { step: L.stepDayStep[step] }), { number: f.stepDays[step].average }, f.stepDays[step].total, f.stepDays[step].cases,
    ]),
  ];
}

/** One row of the unit table (unitsHeader's columns); the total row has no rank or score. */
function unitRow(unit: string, u: Pick<UnitStatistics, 'rank' | 'ranked' | 'score' | 'assessedCases' | 'figures' | 'coHandled'> | undefined, f: Figures, minimum: number): Cell[] {
  const best = f.classification.levels[0];
  const rank: Cell = u === undefined ? null : u.rank !== null ? { count: u.rank } : say(E.notRanked, { min: minimum });
  return [
    unit, rank, { number: u?.score ?? null }, u ? { count: u.assessedCases } : null, { count: f.cases }, { count: f.withdrawn },
    { rate: f.replyRate.rate }, { count: f.replyRate.denominator }, { rate: f.onTimeRate.rate }, { count: f.onTimeRate.denominator },
    { rate: f.meetingRate.rate }, { count: f.meetingRate.denominator }, { rate: f.satisfaction.final.rate.rate }, { count: f.satisfaction.final.answered },
    { rate: f.satisfaction.firstRound.rate.rate }, { count: f.satisfaction.firstRound.answered },
    { count: f.satisfaction.proxyEntered.answered + f.satisfaction.proxyEntered.noResponse }, { count: f.satisfaction.final.noResponse },
    { rate: best?.share.rate ?? null }, { count: best?.count ?? 0 }, { rate: f.commitments.rate.rate }, { count: f.commitments.due },
    { count: f.returns.requested }, { count: f.returns.reassigned }, { count: f.extensions.approved }, { count: f.rehandling.rounds }, { count: f.overdueNow.cases },
    u ? { count: u.coHandled.cases } : null, u ? { number: u.coHandled.score } : null,
  ];
}

function unitRows(table: UnitTable): Cell[][] {
  return [
    ...table.units.map((u) => unitRow(u.unit, u, u.figures, table.minimumCasesToRank)),
    unitRow(E.total, undefined, table.total, table.minimumCasesToRank),
  ];
}

function overdueRows(stats: CycleStatistics): Cell[][] {
  return stats.overdue.map((o) => [
    o.caseLabel, o.title, o.unit, o.role === 'lead' ? E.lead : E.coUnit, o.deadlineLabel, o.dueOn, { count: o.workingDaysOverdue }, o.rungLabel, o.toldLabels.join(E.listSeparator),
  ]);
}

function scoreRows(scores: ScoreTable): Cell[][] {
  return scores.units.map((u) => [
    u.unit, u.rank !== null ? { count: u.rank } : say(E.notRanked, { min: scores.minimumCasesToRank }), { number: u.score }, { count: u.assessedCases }, { count: u.pendingCases },
    u.lost.map((l) => say(E.lostPart, { label: l.label, lost: l.lost })).join(E.separator), { number: u.coHandled.score }, { count: u.coHandled.assessedCases },
  ]);
}

function breakdownRows(scores: ScoreTable): Cell[][] {
  const row = (unit: string, role: string, c: CaseScore): Cell[] => [
    unit, role, c.caseLabel, c.title, { number: c.score }, c.assessed ? E.assessed : E.pending,
    c.parts.map((p) => say(E.scorePart, { label: p.label, earned: p.earned, points: p.points, reason: p.reasonLabel })).join(E.separator),
    c.deductions.map((d) => say(E.deductionPart, { label: d.label, count: d.count, lost: d.lost })).join(E.separator),
  ];
  return scores.units.flatMap((u) => [...u.cases.map((c) => row(u.unit, E.lead, c)), ...u.coHandled.cases.map((c) => row(u.unit, E.coUnit, c))]);
}

export interface StatisticsExport {
  statistics: CycleStatistics;
  units: UnitTable;
  scores: ScoreTable;
}

/** The workbook: five sheets, each with its Chinese header row frozen. */
export async function statisticsXlsx(data: StatisticsExport): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'banli';
  const sheet = (name: string, header: readonly string[], rows: Cell[][], widths: number[]) => {
    const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = header.map((h, i) => ({ header: h, width: widths[i] ?? 12 }));
    ws.getRow(1).font = { bold: true };
    for (const cells of rows) {
      const row = ws.addRow(cells.map(valueOf));
      cells.forEach((c, i) => {
        if (c !== null && typeof c === 'object') row.getCell(i + 1).numFmt = 'rate' in c ? '0.0%' : 'count' in c ? '0' : '0.##';
      });
    }
  };
  const overview = overviewRows(data.statistics.figures).map(([label, value, numerator, denominator]): Cell[] => [
    label, value, numerator === null ? null : { count: numerator }, denominator === null ? null : { count: denominator },
  ]);
  sheet(E.overviewSheet, E.overviewHeader, overview, [30, 12, 10, 10]);
  sheet(E.unitsSheet, E.unitsHeader, unitRows(data.units), [18, 22]);
  sheet(E.overdueSheet, E.overdueHeader, overdueRows(data.statistics), [30, 40, 14, 8, 14, 12, 10, 8, 50]);
  sheet(E.scoresSheet, E.scoresHeader, scoreRows(data.scores), [18, 22, 10, 10, 10, 60, 10, 12]);
  sheet(E.breakdownSheet, E.breakdownHeader, breakdownRows(data.scores), [18, 8, 30, 40, 8, 8, 80, 50]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The unit table (分单位统计) as CSV: UTF-8 with BOM, CRLF; rates as percentages Excel reads as numbers. */
export function unitsCsv(table: UnitTable): Buffer {
  const text = (c: Cell): string => {
    if (c === null) return '';
    if (typeof c === 'string') return c;
    if ('rate' in c) return c.rate === null ? '' : `${Math.round(c.rate * 10_000) / 100}%`;
    if ('count' in c) return String(c.count);
    return c.number === null ? '' : String(c.number);
  };
  const lines = [[...E.unitsHeader], ...unitRows(table).map((r) => r.map(text))].map((r) => r.map(csvCell).join(','));
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

/** A cell Excel would take for a formula is written as text (OWASP's CSV-injection advice); quotes as CSV needs. */
export function csvCell(value: string): string {
  const v = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function valueOf(c: Cell): ExcelJS.CellValue {
  if (c === null || typeof c === 'string') return c;
  if ('rate' in c) return c.rate;
  if ('count' in c) return c.count;
  return c.number;
}
