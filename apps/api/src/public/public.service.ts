import { Injectable } from '@nestjs/common';
import { LABELS } from '../../../../libs/i18n';
import type { CaseView } from '../../../../libs/contract';
import { CasesService } from '../cases/cases.service';
import type { ListCasesQueryDto } from '../cases/dto/list-cases.dto';
import { PublicCaseDto, PublicCaseListDto, PublicCasesQueryDto, PublicCaseSummaryDto } from './dto/public-case.dto';

/**
 * What anyone may read: which unit handles which case, and replies published as public. Every
 * field is picked by name; nothing from a case is passed on whole.
 */
@Injectable()
export class PublicCasesService {
  constructor(private readonly cases: CasesService) {}

  async list(q: PublicCasesQueryDto): Promise<PublicCaseListDto> {
    const query: ListCasesQueryDto = { cycleId: q.cycleId, unit: q.unit, kind: q.kind, stage: q.stage, limit: q.limit, offset: 0 };
    const { cases } = await this.cases.list(query);
    const summaries: PublicCaseSummaryDto[] = cases.map((c) => ({
      caseId: c.caseId,
      cycleId: c.cycleId,
      kind: c.kind,
      number: c.number,
      title: c.title,
      leadUnit: c.leadUnit,
      coUnits: c.coUnits,
      stage: c.stage,
      stageLabel: LABELS.stage[c.stage] ?? c.stage,
    }));
    return { count: summaries.length, cases: summaries };
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
