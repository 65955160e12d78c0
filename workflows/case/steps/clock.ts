/** 中止 and 恢复办理: the office stops the clock of every open deadline, and restarts it. */
import { chinaDateOf } from '../../../libs/calendar/iso-date';
import { runningClockStop } from '../allowed-actions';
import type { Step } from './step';

/** Every open deadline stops counting: a new revision, suspended, its pending alerts cancelled. */
export const stopClock: Step<'stop-clock'> = {
  apply(file, input, at) {
    const by = input.actor ?? 'office';
    (file.state.clockStops ??= []).push({ since: at.toISOString(), reason: input.reason, by });
    const stopped = file.deadlines.suspendOpen();
    if (file.procedure.engine) file.coUnitMail.push({ clock: { stop: { reason: input.reason, by } } });
    file.record('stop-clock', by, at, { reason: input.reason, deadlines: stopped.map((d) => d.id) });
  },
};

/** The suspended deadlines move by the calendar days (China's dates) the clock stood still, and count again. */
export const restartClock: Step<'restart-clock'> = {
  apply(file, input, at) {
    const stop = runningClockStop(file)!;
    const days = daysBetween(chinaDateOf(stop.since), chinaDateOf(at));
    Object.assign(stop, { until: at.toISOString(), days });
    file.deadlines.resume(days, at);
    if (file.procedure.engine) file.coUnitMail.push({ clock: { restart: { days } } });
    file.record('restart-clock', input.actor ?? 'office', at, { days, ...(input.note ? { note: input.note } : {}) });
  },
};

/** Calendar days from one date to another (0 for the same day). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
