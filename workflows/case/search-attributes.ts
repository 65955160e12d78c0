/**
 * v9: the case's search attributes are its state's, written after every change in one place —
 * only those that differ from what was last written, in one upsert. So BanliReplyDue follows an
 * extension or a clock restart, and a deadline reopened by reassignment clears BanliOverdue.
 */
import { upsertSearchAttributes } from '@temporalio/workflow';
import { CaseSearch } from '../../libs/contract';
import type { CaseFile } from './case-file';

type Written = { stage: string; overdue: boolean; leadUnit: string; replyDue?: number; needsAttention?: boolean; version?: number };

/** What the case's state says its search attributes are. */
export function searchAttributesOf(file: CaseFile): Written {
  const reply = file.deadlines.find('reply');
  return {
    stage: file.stage,
    overdue: file.state.overdue,
    leadUnit: file.state.leadUnit,
    ...(reply ? { replyDue: Date.parse(reply.due.dueAt) } : {}),
    needsAttention: file.needsAttention(),
    version: file.procedure.version,
  };
}

/** Writes what changed since the last call (at start: what the launch did not write). */
export function searchAttributeWriter(file: CaseFile): () => void {
  // What the case was started with (apps/api/src/launches/case-starter.ts).
  let written: Written = { stage: file.stage, overdue: false, leadUnit: file.input.leadUnit };
  return () => {
    const want = searchAttributesOf(file);
    const updates = [
      ...(want.stage !== written.stage ? [{ key: CaseSearch.stage, value: want.stage }] : []),
      ...(want.overdue !== written.overdue ? [{ key: CaseSearch.overdue, value: want.overdue }] : []),
      ...(want.leadUnit !== written.leadUnit ? [{ key: CaseSearch.leadUnit, value: want.leadUnit }] : []),
      ...(want.replyDue !== undefined && want.replyDue !== written.replyDue ? [{ key: CaseSearch.replyDue, value: new Date(want.replyDue) }] : []),
      ...(want.needsAttention !== written.needsAttention ? [{ key: CaseSearch.needsAttention, value: want.needsAttention ?? false }] : []),
      ...(want.version !== written.version ? [{ key: CaseSearch.version, value: want.version ?? 0 }] : []),
    ];
    if (updates.length > 0) upsertSearchAttributes(updates);
    written = want;
  };
}
