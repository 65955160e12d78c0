import { sql } from 'kysely';
import type { CaseView, CoUnitView } from '../../contract';
import type { CaseViewTable } from '../schema';
import { Repository } from './repository';

/** What the case list filters on. */
export interface CaseViewFilter {
  cycleId?: string;
  /** Lead unit or co-unit. */
  unit?: string;
  stage?: string;
  kind?: string;
  overdue?: boolean;
  keySupervised?: boolean;
  needsAttention?: boolean;
  /** Words in the title, the submitters or the reply. */
  q?: string;
  /** 届次会次, exactly. */
  session?: string;
  /** The case's number, exactly. */
  number?: string;
  /** Replies published as public (公开), or cases without one. */
  published?: boolean;
  /** Words in what the public may read only: the title, and a reply published as public in full. */
  publicWords?: string;
}

/** A row of the public list: what anyone may read, and the publication record. */
export type PublicCaseViewRow = Pick<CaseViewTable, 'case_id' | 'cycle_id' | 'kind' | 'session' | 'number' | 'title' | 'lead_unit' | 'stage'>
  & { co_units: string[]; publication: { public: boolean; redacted: boolean; at: string } | null };

/** The reply's publication as public; false for none or one not public. */
const PUBLISHED = sql<boolean>`coalesce(view->'publication'->>'public', 'false') = 'true'`;
/** The text the public may read: the reply (as the public case shows it) once published as public and not redacted. */
const PUBLIC_TEXT = sql<string>`title || chr(10) || case
  when coalesce(view->'publication'->>'public', 'false') = 'true' and coalesce(view->'publication'->>'redacted', 'false') <> 'true'
    and view->'reply' is not null
  then coalesce(view->'reply'->>'text', view->'draft'->>'text', '') else '' end`;

export type CaseViewRow = Pick<CaseViewTable, 'case_id' | 'cycle_id' | 'kind' | 'number' | 'title' | 'lead_unit' | 'stage' | 'overdue' | 'key_supervised' | 'needs_attention' | 'closed_as'>
  & { co_units: string[]; reply_due_at: Date | null };

/**
 * The read model (`case_views`, `co_unit_views`): every case and co-unit as its workflow last
 * projected it. A projection replaces the stored one only if it is not older (by the case's change
 * count, `revision`); a case's whole view is kept, and columns to filter and count on beside it.
 */
export class CaseViewRepository extends Repository {
  /** Stores the case as projected; an older projection (a retry arriving late) changes nothing. */
  async upsertCase(view: CaseView): Promise<void> {
    const reply = view.deadlines.find((d) => d.id === 'reply');
    const row = {
      case_id: view.caseId,
      cycle_id: view.cycleId,
      kind: view.kind,
      session: view.session,
      number: view.number,
      title: view.title,
      lead_unit: view.leadUnit,
      co_units: JSON.stringify(view.coUnits),
      stage: view.stage,
      overdue: view.overdue,
      key_supervised: view.keySupervised,
      needs_attention: view.needsAttention ?? false,
      closed_as: view.closedAs ?? null,
      finished: view.finished ?? view.stage === 'closed',
      assigned_on: view.assignedOn,
      reply_due_at: reply ? reply.due.dueAt : null,
      replied_at: view.reply?.repliedAt ?? null,
      closed_at: view.closedAt ?? null,
      version: view.version ?? null,
      revision: view.revision ?? 0,
      search_text: [view.title, ...view.submitters, view.reply?.text ?? view.draft?.text ?? ''].join('\n'),
      view: JSON.stringify(view),
    };
    const { case_id: _id, ...changes } = row;
    await this.db
      .insertInto('case_views')
      .values(row)
      .onConflict((oc) => oc.column('case_id').doUpdateSet({ ...changes, projected_at: sql`now()` }).where('case_views.revision', '<=', sql<string>`excluded.revision`))
      .execute();
  }

  /** Stores a co-unit's part as projected, likewise. */
  async upsertCoUnit(view: CoUnitView): Promise<void> {
    const row = {
      case_id: view.caseId,
      unit: view.unit,
      stage: view.stage,
      overdue: view.overdue,
      revision: view.revision ?? 0,
      view: JSON.stringify(view),
    };
    await this.db
      .insertInto('co_unit_views')
      .values(row)
      .onConflict((oc) => oc.columns(['case_id', 'unit'])
        .doUpdateSet({ stage: row.stage, overdue: row.overdue, revision: row.revision, view: row.view, projected_at: sql`now()` })
        .where('co_unit_views.revision', '<=', sql<string>`excluded.revision`))
      .execute();
  }

  async findCase(caseId: string): Promise<CaseView | undefined> {
    const row = await this.db.selectFrom('case_views').select('view').where('case_id', '=', caseId).executeTakeFirst();
    return row ? (row.view as unknown as CaseView) : undefined;
  }

  async findCoUnit(caseId: string, unit: string): Promise<CoUnitView | undefined> {
    const row = await this.db.selectFrom('co_unit_views').select('view').where('case_id', '=', caseId).where('unit', '=', unit).executeTakeFirst();
    return row ? (row.view as unknown as CoUnitView) : undefined;
  }

  /** The cases matching `filter`, by case id, and how many match in all. */
  async list(filter: CaseViewFilter, page: { limit: number; offset?: number }): Promise<{ total: number; rows: CaseViewRow[] }> {
    const where = this.filtered(filter);
    const [rows, total] = await Promise.all([
      where.select(['case_id', 'cycle_id', 'kind', 'number', 'title', 'lead_unit', 'co_units', 'stage', 'overdue', 'key_supervised', 'needs_attention', 'closed_as', 'reply_due_at'])
        .orderBy('case_id').limit(page.limit).offset(page.offset ?? 0).execute(),
      where.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(total.n), rows: rows as CaseViewRow[] };
  }

  /**
   * The public list: the same filters, columns anyone may read only, and the publication record
   * (the route picks from it what it shows).
   */
  async listPublic(filter: CaseViewFilter, page: { limit: number; offset?: number }): Promise<{ total: number; rows: PublicCaseViewRow[] }> {
    const where = this.filtered(filter);
    const [rows, total] = await Promise.all([
      where.select(['case_id', 'cycle_id', 'kind', 'session', 'number', 'title', 'lead_unit', 'co_units', 'stage', sql<unknown>`view->'publication'`.as('publication')])
        .orderBy('case_id').limit(page.limit).offset(page.offset ?? 0).execute(),
      where.select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(total.n), rows: rows as PublicCaseViewRow[] };
  }

  private filtered(f: CaseViewFilter) {
    let q = this.db.selectFrom('case_views');
    if (f.cycleId !== undefined) q = q.where('cycle_id', '=', f.cycleId);
    if (f.stage !== undefined) q = q.where('stage', '=', f.stage);
    if (f.kind !== undefined) q = q.where('kind', '=', f.kind);
    if (f.overdue !== undefined) q = q.where('overdue', '=', f.overdue);
    if (f.keySupervised !== undefined) q = q.where('key_supervised', '=', f.keySupervised);
    if (f.needsAttention !== undefined) q = q.where('needs_attention', '=', f.needsAttention);
    if (f.unit !== undefined) {
      const unit = f.unit;
      q = q.where((eb) => eb.or([eb('lead_unit', '=', unit), sql<boolean>`co_units @> ${JSON.stringify([unit])}::jsonb`]));
    }
    if (f.q !== undefined && f.q.trim() !== '') {
      // Every word must appear (Chinese text has no spaces: a phrase is one word).
      for (const word of f.q.trim().split(/\s+/)) q = q.where(sql<boolean>`strpos(lower(search_text), lower(${word})) > 0`);
    }
    if (f.session !== undefined) q = q.where('session', '=', f.session);
    if (f.number !== undefined) q = q.where('number', '=', f.number);
    if (f.published !== undefined) q = q.where(f.published ? PUBLISHED : sql<boolean>`not ${PUBLISHED}`);
    if (f.publicWords !== undefined && f.publicWords.trim() !== '') {
      for (const word of f.publicWords.trim().split(/\s+/)) q = q.where(sql<boolean>`strpos(lower(${PUBLIC_TEXT}), lower(${word})) > 0`);
    }
    return q;
  }
}
