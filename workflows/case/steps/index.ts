/**
 * Every case action's module, by the action's name. The type makes the compiler name any action of
 * the step table (libs/contract/steps.ts) that has no module here.
 */
import type { CaseAction } from '../../../libs/contract';
import { restartCoUnit, retry } from './attention';
import { decideExtension, requestExtension } from './extension';
import { restartClock, stopClock } from './clock';
import { coSign } from './co-sign';
import { contact } from './contact';
import { draftReply } from './draft-reply';
import { merge } from './merge';
import { followUp, publish } from './publish';
import { reply } from './reply';
import { decideReturn, requestReturn } from './returns';
import { review } from './review';
import { sign } from './sign';
import { signOff } from './sign-off';
import type { Step } from './step';
import { consult, survey } from './survey';
import { visit } from './visit';
import { withdraw } from './withdraw';
import { workPlan } from './work-plan';

export const STEP_MODULES: { readonly [A in CaseAction]: Step<A> } = {
  sign,
  return: requestReturn,
  'return-decision': decideReturn,
  'work-plan': workPlan,
  contact,
  'draft-reply': draftReply,
  'co-sign': coSign,
  'sign-off': signOff,
  review,
  reply,
  visit,
  survey,
  'follow-up': followUp,
  publish,
  consult,
  'extension-request': requestExtension,
  'extension-decision': decideExtension,
  'stop-clock': stopClock,
  'restart-clock': restartClock,
  withdraw,
  merge,
  'restart-co-unit': restartCoUnit,
  retry,
};

export type { Step } from './step';
