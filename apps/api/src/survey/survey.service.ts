import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { chinaDateOf } from '../../../../libs/calendar/iso-date';
import { BanliEnv } from '../../../../libs/config';
import { CaseStage, SURVEY_ANSWERS, type CaseView, type SurveyInput, type SurveyRecord } from '../../../../libs/contract';
import { caseNumberLabel, LABELS } from '../../../../libs/i18n';
import { CasesService } from '../cases/cases.service';
import { CasePolicies } from '../common/case-policy';
import { CaseNotFoundError, ConflictError, InvalidRequestError, StatusError } from '../errors/api-errors';
import type { SurveyAnswerDto, SurveyLinksDto, SurveyPageDto, SurveyQuestionDto } from './dto/survey.dto';
import { SurveySecret } from './survey-secret';
import { signSurveyToken, verifySurveyToken, type SurveyClaim } from './survey-token';

const P = LABELS.surveyLink.problem;

/**
 * 满意度测评 by the submitters themselves: the office hands out one signed link per submitter and
 * round; the link opens the reply and the survey, and records the answer as the submitter's, once,
 * through the case's own `survey` step (the workflow validates it as any other).
 */
@Injectable()
export class SurveyService {
  private readonly logger = new Logger(SurveyService.name);

  constructor(
    private readonly cases: CasesService,
    private readonly policies: CasePolicies,
    private readonly secret: SurveySecret,
    private readonly env: BanliEnv,
  ) {}

  /** One link per submitter for the case's current round, expiring when the round's survey window ends. */
  async links(caseId: string): Promise<SurveyLinksDto> {
    const view = await this.cases.get(caseId);
    const round = view.round ?? 1;
    const window = view.surveyWindows?.find((w) => w.round === round);
    if (!window) {
      throw new ConflictError('SurveyNotOpen', `round ${round} has no survey window yet (stage ${view.stage}): links are made once the round's reply is out`);
    }
    const expiresAt = new Date(window.due.dueAt);
    const base = this.publicUrl();
    return {
      caseId: view.caseId,
      round,
      expiresAt: expiresAt.toISOString(),
      links: view.submitters.map((submitter, i) => {
        const token = signSurveyToken({ caseId: view.caseId, submitter, round, expiresAt }, this.secret.value);
        return {
          submitter,
          lead: i === 0,
          token,
          url: `${base}/survey/${token}`,
          apiUrl: `${base}/api/survey/${token}`,
          expiresAt: expiresAt.toISOString(),
          answered: answerOf(view, submitter, round) !== undefined,
        };
      }),
    };
  }

  /** What the link's page shows. */
  async page(token: string): Promise<SurveyPageDto> {
    const { claim, view } = await this.open(token);
    return this.pageOf(claim, view);
  }

  /** The submitter's answer, recorded as theirs (not a proxy entry), once. */
  async answer(token: string, body: SurveyAnswerDto): Promise<SurveyPageDto> {
    const { claim, view } = await this.open(token);
    const existing = answerOf(view, claim.submitter, claim.round);
    if (existing?.result === 'no-response') throw new StatusError(410, 'SurveyClosed', P.windowClosed);
    if (existing) throw new ConflictError('SurveyAlreadyAnswered', P.alreadyAnswered);
    if (!view.allowedActions.includes('survey')) {
      throw view.stage === CaseStage.Replied ? new ConflictError('SurveyNotOpen', P.notOpen) : new ConflictError('SurveyClosed', P.closed);
    }
    const { survey } = await this.policies.of(view);
    if (survey.askAttitude && body.attitude === undefined) throw new InvalidRequestError([{ field: 'attitude', problem: P.attitudeRequired }]);
    if (!survey.askAttitude && body.attitude !== undefined) throw new InvalidRequestError([{ field: 'attitude', problem: P.attitudeNotAsked }]);
    const input: SurveyInput = {
      submitter: claim.submitter,
      result: body.result,
      ...(body.attitude !== undefined ? { attitude: body.attitude } : {}),
      proxyEntry: false,
      actor: claim.submitter,
    };
    // The update id comes from the token: a double submit (two taps, a retry) is applied once.
    const key = `survey-link-${createHash('sha256').update(token).digest('hex').slice(0, 40)}`;
    let after: CaseView;
    try {
      after = await this.cases.step(claim.caseId, 'survey', input, key);
    } catch (err) {
      // The same link sent again with another answer while the first was being recorded.
      if (err instanceof ConflictError && err.error === 'IdempotencyKeyReused') throw new ConflictError('SurveyAlreadyAnswered', P.alreadyAnswered);
      throw err;
    }
    this.logger.log(`survey of ${claim.caseId} round ${claim.round} answered through the submitter's link (${claim.submitter})`);
    return this.pageOf(claim, after);
  }

  /** The token's claim, if the server signed it and it still applies to the case as it is now. */
  private async open(token: string): Promise<{ claim: SurveyClaim; view: CaseView }> {
    const claim = verifySurveyToken(token, this.secret.value);
    if (!claim) throw new StatusError(401, 'SurveyLinkInvalid', P.invalid);
    if (Date.now() >= claim.expiresAt.getTime()) throw new StatusError(410, 'SurveyLinkExpired', P.expired);
    const view = await this.cases.get(claim.caseId).catch((err: unknown) => {
      throw err instanceof CaseNotFoundError ? new StatusError(410, 'SurveyClosed', P.closed) : err;
    });
    if ((view.round ?? 1) !== claim.round) throw new StatusError(410, 'SurveyLinkSuperseded', P.superseded);
    if (!view.submitters.includes(claim.submitter)) throw new StatusError(410, 'SurveyLinkInvalid', P.notSubmitter);
    return { claim, view };
  }

  private async pageOf(claim: SurveyClaim, view: CaseView): Promise<SurveyPageDto> {
    const { survey } = await this.policies.of(view);
    const answer = answerOf(view, claim.submitter, claim.round);
    const reply = view.reply;
    const notice = answer
      ? answer.result === 'no-response' ? P.windowClosed : P.alreadyAnswered
      : view.allowedActions.includes('survey') ? undefined : view.stage === CaseStage.Replied ? P.notOpen : P.closed;
    return {
      caseId: view.caseId,
      kind: view.kind,
      caseNumberLabel: caseNumberLabel(view),
      session: view.session,
      number: view.number,
      title: view.title,
      unit: view.leadUnit,
      submitter: claim.submitter,
      round: claim.round,
      expiresAt: claim.expiresAt.toISOString(),
      reply: {
        text: reply?.text ?? view.draft?.text ?? '',
        repliedOn: reply ? (reply.repliedOn ?? chinaDateOf(reply.repliedAt)) : '',
      },
      questions: [question('result'), ...(survey.askAttitude ? [question('attitude')] : [])],
      answered: answer !== undefined,
      ...(answer
        ? {
          answer: {
            result: answer.result,
            resultLabel: LABELS.surveyAnswer[answer.result],
            ...(answer.attitude ? { attitude: answer.attitude, attitudeLabel: LABELS.surveyAnswer[answer.attitude] } : {}),
            recordedAt: answer.recordedAt,
          },
        }
        : {}),
      open: notice === undefined,
      ...(notice !== undefined ? { notice } : {}),
    };
  }

  /** Where submitters reach banli: BANLI_PUBLIC_URL, else the API's own address. */
  private publicUrl(): string {
    return this.env.BANLI_PUBLIC_URL.replace(/\/+$/, '') || `http://${this.env.HOST}:${this.env.PORT}`;
  }
}

function answerOf(view: CaseView, submitter: string, round: number): SurveyRecord | undefined {
  return view.surveys.find((s) => s.submitter === submitter && (s.round ?? 1) === round);
}

function question(id: 'result' | 'attitude'): SurveyQuestionDto {
  return { id, label: LABELS.surveyLink.question[id], options: SURVEY_ANSWERS.map((value) => ({ value, label: LABELS.surveyAnswer[value] })) };
}
