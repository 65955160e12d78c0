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

const dir = join(__dirname, '..', 'test', 'replay', 'histories');
const scenarios = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['closed-on-time', 'co-unit', 'timers-ladder'];

for (const scenario of scenarios) {
  for (const version of ['v8', 'v9', 'v10']) {
    const file = join(dir, `${version}-${scenario}.json`);
    if (!existsSync(file)) continue;
    const history = historyFromJSON(JSON.parse(readFileSync(file, 'utf8')));
    const bytes = temporal.api.history.v1.History.encode(history).finish().length;
    const updates = (history.events ?? []).filter((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    const updateBytes = updates.reduce((sum, e) => sum + temporal.api.history.v1.HistoryEvent.encode(e).finish().length, 0);
    console.log(`${`${version}-${scenario}`.padEnd(24)} ${String(history.events?.length).padStart(4)} events  ${(bytes / 1024).toFixed(1).padStart(7)} KiB  (update results ${(updateBytes / 1024).toFixed(1)} KiB in ${updates.length} updates)`);
  }
}
