import { Injectable } from '@nestjs/common';
import type { CaseView } from '../../../../libs/contract';
import { hasLetter, letterContent, type LetterContent, type LetterEdition } from '../../../../libs/documents/letter';
import { renderLetterDocx } from '../../../../libs/documents/letter-docx';
import { CasesService } from '../cases/cases.service';
import { CasePolicies } from '../common/case-policy';
import { ConflictError, InvalidRequestError, NotFoundError } from '../errors/api-errors';

export interface LetterFile {
  content: LetterContent;
  docx: Buffer;
}

/** The reply letter (答复函) of a case as .docx: as sent (with the contact lines) or as published. */
@Injectable()
export class LettersService {
  constructor(private readonly cases: CasesService, private readonly policies: CasePolicies) {}

  /** The letter as sent to the submitters; `submitter` addresses it to one of them alone. */
  async sent(caseId: string, submitter?: string): Promise<LetterFile> {
    const view = await this.cases.get(caseId);
    if (!hasLetter(view.kind)) throw new NotFoundError('LetterNotFound', `a ${view.kind} is not answered by letter`);
    if (!view.reply || replyText(view) === undefined) {
      throw new ConflictError('LetterNotReady', `the letter is made from the reply: ${caseId} has not been replied yet (stage ${view.stage})`);
    }
    if (submitter !== undefined && !view.submitters.includes(submitter)) {
      throw new InvalidRequestError([{ field: 'submitter', problem: `must be one of: ${view.submitters.join(', ')}` }]);
    }
    return this.render(view, 'sent', submitter);
  }

  /** The letter as published: only a reply published as public and in full, without contact person or phone. */
  async published(caseId: string): Promise<LetterFile> {
    const view = await this.cases.get(caseId);
    const publication = view.publication;
    if (!hasLetter(view.kind) || !view.reply || replyText(view) === undefined || !publication?.public || publication.redacted) {
      throw new NotFoundError('LetterNotFound', `no published reply letter for case ${caseId}`);
    }
    return this.render(view, 'published');
  }

  private async render(view: CaseView, edition: LetterEdition, addressee?: string): Promise<LetterFile> {
    const { printClassification } = await this.policies.documents(view);
    const reply = { ...view.reply!, text: replyText(view) };
    const content = letterContent({ ...view, reply }, { edition, printClassification, ...(addressee !== undefined ? { addressee } : {}) });
    return { content, docx: await renderLetterDocx(content) };
  }
}

/** The reviewed text the reply sent (older cases kept it on the draft only). */
function replyText(view: CaseView): string | undefined {
  return view.reply?.text ?? view.draft?.text;
}
