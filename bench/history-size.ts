/**
 * How much history a case takes, per version: events and the bytes Temporal stores (the history
 * encoded as protobuf), for the recorded histories of the same scenario under each version.
 * Before v9 every update answered the whole case view, history included, so a case's history
 * grew with the square of its steps; from v9 an update answers its step's outcome.
 *
 *   npx ts-node --transpile-only bench/history-size.ts [scenario …]   (default: closed-on-time co-unit timers-ladder)
 */
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface HistorySize {
  events: number;
  bytes: number;
  updates: number;
  updateBytes: number;
}

/** Events and protobuf bytes of one history (as Temporal stores it), and the share of update results. */
export function historySize(history: temporal.api.history.v1.IHistory): HistorySize {
  const bytes = temporal.api.history.v1.History.encode(history).finish().length;
  const updates = (history.events ?? []).filter((e) => e.workflowExecutionUpdateCompletedEventAttributes);
  const updateBytes = updates.reduce((sum, e) => sum + temporal.api.history.v1.HistoryEvent.encode(e).finish().length, 0);
  return { events: history.events?.length ?? 0, bytes, updates: updates.length, updateBytes };
}

/** The recorded history of `scenario` under `version` (test/replay/histories), if there is one. */
export function recordedHistorySize(version: string, scenario: string): HistorySize | undefined {
  const file = join(__dirname, '..', 'test', 'replay', 'histories', `${version}-${scenario}.json`);
  if (!existsSync(file)) return undefined;
  return historySize(historyFromJSON(JSON.parse(readFileSync(file, 'utf8'))));
}

if (require.main === module) {
  const scenarios = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['closed-on-time', 'co-unit', 'timers-ladder'];
  for (const scenario of scenarios) {
    for (const version of ['v8', 'v9', 'v10', 'v11', 'v12', 'v13']) {
      const size = recordedHistorySize(version, scenario);
      if (!size) continue;
      console.log(`${`${version}-${scenario}`.padEnd(24)} ${String(size.events).padStart(4)} events  ${(size.bytes / 1024).toFixed(1).padStart(7)} KiB  (update results ${(size.updateBytes / 1024).toFixed(1)} KiB in ${size.updates} updates)`);
    }
  }
}
