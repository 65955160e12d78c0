/**
 * How a driver applies a change to the case and keeps the search attributes in step with it.
 * Every change — an update, a deadline passing, a due date arriving — goes through one `Change`.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import { CaseSearch } from '../../../libs/contract';
import type { CaseFile } from '../case-file';

export type Change = <T>(change: () => T) => T;

/**
 * Before v9: the stage, overdue and lead-unit attributes follow the change when they differ (the
 * reply's due date and an overdue deadline are written where they happen: see the drivers).
 */
export function legacyChange(file: CaseFile): Change {
  return (change) => {
    const before = { stage: file.stage, overdue: file.state.overdue, leadUnit: file.state.leadUnit };
    const result = change();
    if (file.stage !== before.stage) upsertSearchAttributes([{ key: CaseSearch.stage, value: file.stage }]);
    if (file.state.overdue !== before.overdue) upsertSearchAttributes([{ key: CaseSearch.overdue, value: file.state.overdue }]);
    if (file.state.leadUnit !== before.leadUnit) upsertSearchAttributes([{ key: CaseSearch.leadUnit, value: file.state.leadUnit }]);
    return result;
  };
}
