import { Injectable } from '@nestjs/common';
import { LABELS } from '../../../../libs/i18n';
import { CaseStage, type CaseView } from '../../../../libs/contract';
import { CaseViewRepository } from '../../../../libs/db';
import type { CaseKind } from '../../../../libs/policy';
import { CasesService } from '../cases/cases.service';
import { PublicCaseDto, PublicCaseListDto, PublicCaseListItemDto, PublicCasesQueryDto } from './dto/public-case.dto';

/**
 * What anyone may read: which unit handles which case, and replies published as public. Every
 * field is picked by name; nothing from a case is passed on whole.
 */
@Injectable()
export class PublicCasesService {
  constructor(private readonly cases: CasesService, private readonly views: CaseViewRepository) {}

  /**
   * The public list and search, from the read model: cycle, unit, kind, stage, session, number,
   * published replies, and words in the title or a reply published in full — never in anything the
   * public may not read (submitters, unpublished or redacted text).
   */
  async list(q: PublicCasesQueryDto): Promise<PublicCaseListDto> {
    const { total, rows } = await this.views.listPublic({
      ...(q.cycleId !== undefined ? { cycleId: q.cycleId } : {}),
      ...(q.unit !== undefined ? { unit: q.unit } : {}),
      ...(q.kind !== undefined ? { kind: q.kind } : {}),
      ...(q.stage !== undefined ? { stage: q.stage } : {}),
      ...(q.session !== undefined ? { session: q.session } : {}),
      ...(q.number !== undefined ? { number: q.number } : {}),
      ...(q.published !== undefined ? { published: q.published === 'true' } : {}),
      ...(q.q !== undefined ? { publicWords: q.q } : {}),
    }, { limit: q.limit, offset: q.offset });
    const cases: PublicCaseListItemDto[] = rows.map((c) => ({
      caseId: c.case_id,
      cycleId: c.cycle_id,
      kind: c.kind as CaseKind,
      session: c.session,
      number: c.number,
      title: c.title,
      leadUnit: c.lead_unit,
      coUnits: c.co_units,
      stage: c.stage as CaseStage,
      stageLabel: LABELS.stage[c.stage as CaseStage] ?? c.stage,
      ...(c.publication?.public ? { publication: { publishedAt: c.publication.at, redacted: c.publication.redacted === true } } : {}),
    }));
    return { count: cases.length, total, cases };
  }

  async get(caseId: string): Promise<PublicCaseDto> {
    return publicView(await this.cases.get(caseId));
  }
}

export function publicView(view: CaseView): PublicCaseDto {
  const published: PublicCaseDto = {
    caseId: view.caseId,
    cycleId: view.cycleId,
    kind: view.kind,
    session: view.session,
    number: view.number,
    title: view.title,
    leadUnit: view.leadUnit,
    coUnits: view.coUnits,
    stage: view.stage,
    stageLabel: LABELS.stage[view.stage] ?? view.stage,
  };
  const publication = view.publication;
  if (!publication?.public) return published;
  published.publication = { publishedAt: publication.at, redacted: publication.redacted };
  // The case holds the full text only: a redacted reply is published elsewhere, not here.
  const text = view.reply?.text ?? view.draft?.text;
  if (!publication.redacted && view.reply && text) published.reply = { text, repliedAt: view.reply.repliedAt };
  return published;
}
