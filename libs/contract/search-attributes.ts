/**
 * The search attributes a case keeps (registered by the worker and the API at start; see
 * libs/temporal/search-attributes.ts). The case workflow writes them from its state after every
 * change, in one place (workflows/case/search-attributes.ts).
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const CaseSearch = {
  cycle: defineSearchAttributeKey('BanliCycle', SearchAttributeType.KEYWORD),
  kind: defineSearchAttributeKey('BanliKind', SearchAttributeType.KEYWORD),
  leadUnit: defineSearchAttributeKey('BanliLeadUnit', SearchAttributeType.KEYWORD),
  coUnits: defineSearchAttributeKey('BanliCoUnits', SearchAttributeType.KEYWORD_LIST),
  stage: defineSearchAttributeKey('BanliStage', SearchAttributeType.KEYWORD),
  overdue: defineSearchAttributeKey('BanliOverdue', SearchAttributeType.BOOL),
  keySupervised: defineSearchAttributeKey('BanliKeySupervised', SearchAttributeType.BOOL),
  replyDue: defineSearchAttributeKey('BanliReplyDue', SearchAttributeType.DATETIME),
  /** A co-unit or an activity failed for good: the office must act (restart-co-unit, retry). */
  needsAttention: defineSearchAttributeKey('BanliNeedsAttention', SearchAttributeType.BOOL),
  /** The case workflow version the case started under (9 on; older cases have none). */
  version: defineSearchAttributeKey('BanliVersion', SearchAttributeType.INT),
} as const;

export const CASE_SEARCH_ATTRIBUTES = Object.values(CaseSearch);
