/**
 * What the office does about a case that needs attention (a co-unit's workflow failed or was
 * terminated; an activity failed for good): restart the co-unit's part, or retry what failed once
 * its cause is corrected (e.g. the jurisdiction's calendar). The waiting driver picks it up.
 */
import type { Step } from './step';
import { unless } from './step';

export const restartCoUnit: Step<'restart-co-unit'> = {
  problems(file, input) {
    const failed = file.openAttention('co-unit-failed').map((a) => a.unit);
    return [unless(failed.includes(input.unit), 'unit', `must be a co-unit whose part failed: ${failed.join(', ')}`)];
  },
  apply(file, input, at) {
    const by = input.actor ?? 'office';
    for (const item of file.openAttention('co-unit-failed').filter((a) => a.unit === input.unit)) file.resolveAttention(item, 'restarted', by, at);
    file.record('restart-co-unit', by, at, { unit: input.unit, ...(input.note ? { note: input.note } : {}) });
  },
};

export const retry: Step<'retry'> = {
  apply(file, input, at) {
    const by = input.actor ?? 'office';
    const items = file.openAttention('activity-failed');
    for (const item of items) file.resolveAttention(item, 'retried', by, at);
    file.record('retry', by, at, { retried: items.map((a) => a.what), ...(input.note ? { note: input.note } : {}) });
  },
};
