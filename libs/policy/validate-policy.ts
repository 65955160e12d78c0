import { LINKED_DEADLINES, normalizePolicy, sectionValue, type PolicyDraft } from './normalize-policy';
import {
  MAX_EXTENSION_MONTHS,
  MAX_REHANDLING_ROUNDS,
  NO_RESPONSE_RULES,
  ON_REASSIGN_RULES,
  PRESET_IDS,
  TIMED_STEPS,
} from './policy.constants';
import type { HandlingPolicy, PolicyDeadline, StepId, StepRule } from './policy.types';
import { DOCUMENT, Json, PolicyValidationError, Problems, pathTo } from './validate-helpers';
import {
  checkClassification,
  checkDeadline,
  checkLadder,
  checkSteps,
  checkTimeOfDay,
  describeDeadline,
  sameDeadline,
} from './validate-sections';

const FIELDS = [
  'schemaVersion',
  'id',
  'version',
  'kind',
  'title',
  'deadlines',
  'steps',
  'classification',
  'rehandling',
  'survey',
  'returns',
  'extension',
  'followUp',
  'quietHours',
  'escalation',
  'scoring',
] as const;
/** Derived values a document may state (they must then agree) or leave out. */
const DERIVED_FIELDS = ['classificationScheme'] as const;
/** Sections a document may leave out (their defaults apply). */
const OPTIONAL_FIELDS = ['documents'] as const;

/**
 * `value` as a complete, normalized policy, or a PolicyValidationError listing every problem with
 * its path. Unknown fields are refused. Derived values (classificationScheme, the deadlines of the
 * steps linked to a section — see LINKED_DEADLINES) may be left out; if given they must agree.
 */
export function validatePolicy(value: unknown): HandlingPolicy {
  const p = new Problems();
  if (value === undefined) p.add(DOCUMENT, 'must be an object');
  const doc = p.object(value, DOCUMENT, FIELDS, [...DERIVED_FIELDS, ...OPTIONAL_FIELDS]);
  if (doc) checkDocument(p, doc);
  if (p.found.length > 0) throw new PolicyValidationError(p.found);
  return normalizePolicy(doc as unknown as PolicyDraft);
}

function checkDocument(p: Problems, doc: Json): void {
  checkHeader(p, doc);
  const reply = checkReplyDeadlines(p, doc.deadlines);
  const steps = checkSteps(p, doc.steps, 'steps');
  const codes = checkClassification(p, doc.classification, 'classification');

  const rehandling = p.object(doc.rehandling, 'rehandling', ['maxRounds', 'deadline']);
  p.integer(rehandling?.maxRounds, 'rehandling.maxRounds', 0, MAX_REHANDLING_ROUNDS);
  const survey = p.object(doc.survey, 'survey', ['window', 'noResponse', 'askAttitude']);
  p.oneOf(survey?.noResponse, 'survey.noResponse', NO_RESPONSE_RULES);
  p.boolean(survey?.askAttitude, 'survey.askAttitude');
  const returns = p.object(doc.returns, 'returns', ['window', 'decision', 'onReassign']);
  p.oneOf(returns?.onReassign, 'returns.onReassign', ON_REASSIGN_RULES);
  const extension = p.object(doc.extension, 'extension', ['maxReplyExtensionMonths']);
  p.integer(extension?.maxReplyExtensionMonths, 'extension.maxReplyExtensionMonths', 0, MAX_EXTENSION_MONTHS);
  const followUp = p.object(doc.followUp, 'followUp', ['classes', 'deadline']);
  checkFollowUpClasses(p, followUp?.classes, codes, steps['follow-up']);

  checkQuietHours(p, doc.quietHours);
  const escalation = p.object(doc.escalation, 'escalation', ['ordinary', 'key']);
  checkLadder(p, escalation?.ordinary, 'escalation.ordinary');
  checkLadder(p, escalation?.key, 'escalation.key');
  checkScoring(p, doc.scoring);
  const documents = p.object(doc.documents, 'documents', ['printClassification']);
  p.boolean(documents?.printClassification, 'documents.printClassification');

  checkClassificationScheme(p, doc.classificationScheme, codes);
  // the section deadlines (returns.window, survey.window, rehandling.deadline, …) are checked here
  checkLinkedDeadlines(p, doc, steps, reply);
  checkStepRules(p, steps);
}

function checkHeader(p: Problems, doc: Json): void {
  if (doc.schemaVersion !== undefined && doc.schemaVersion !== 1) {
    p.add('schemaVersion', 'must be 1 (the only policy schema this engine reads)');
  }
  p.string(doc.id, 'id', /^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-"');
  if (typeof doc.version === 'number') p.add('version', 'must be a string (in YAML, quote it: "2026.1")');
  else p.string(doc.version, 'version');
  p.oneOf(doc.kind, 'kind', PRESET_IDS);
  p.string(doc.title, 'title');
}

/** The (valid) reply deadline; a complex case may not get less time than an ordinary one. */
function checkReplyDeadlines(p: Problems, value: unknown): PolicyDeadline | undefined {
  const deadlines = p.object(value, 'deadlines', ['reply', 'replyComplex']);
  const reply = checkDeadline(p, deadlines?.reply, 'deadlines.reply');
  const complex = checkDeadline(p, deadlines?.replyComplex, 'deadlines.replyComplex');
  if (reply && complex && reply.unit === complex.unit && complex.amount < reply.amount) {
    p.add('deadlines.replyComplex.amount', `must not be shorter than deadlines.reply (${describeDeadline(reply)})`);
  }
  return reply;
}

function checkFollowUpClasses(p: Problems, value: unknown, codes: string[] | undefined, step?: StepRule): void {
  const classes = p.array(value, 'followUp.classes');
  if (!classes) return;
  classes.forEach((c, i) => {
    const path = pathTo('followUp.classes', i);
    const code = p.string(c, path);
    if (code === undefined) return;
    if (classes.indexOf(c) < i) p.add(path, `is listed twice (${code})`);
    else if (codes && !codes.includes(code)) {
      p.add(path, `is not a code of classification.levels (${codes.join(', ')})`);
    }
  });
  if (classes.length === 0 && step?.required) {
    p.add('followUp.classes', 'must name at least one class while steps.follow-up is required');
  }
}

function checkQuietHours(p: Problems, value: unknown): void {
  const quiet = p.object(value, 'quietHours', ['start', 'end', 'workingDaysOnly']);
  if (!quiet) return;
  checkTimeOfDay(p, quiet.start, 'quietHours.start');
  checkTimeOfDay(p, quiet.end, 'quietHours.end');
  p.boolean(quiet.workingDaysOnly, 'quietHours.workingDaysOnly');
}

function checkScoring(p: Problems, value: unknown): void {
  const scoring = p.object(value, 'scoring', ['speed', 'quality', 'result']);
  if (!scoring) return;
  const weights = (['speed', 'quality', 'result'] as const).map((k) => p.integer(scoring[k], `scoring.${k}`, 0, 100));
  if (weights.every((w) => w !== undefined)) {
    const total = weights.reduce((sum: number, w) => sum + (w ?? 0), 0);
    if (total !== 100) p.add('scoring', `weights must add up to 100 (they add up to ${total})`);
  }
}

function checkClassificationScheme(p: Problems, value: unknown, codes: string[] | undefined): void {
  if (value === undefined || !codes) return;
  const same = Array.isArray(value) && value.length === codes.length && value.every((c, i) => c === codes[i]);
  if (!same) {
    p.add('classificationScheme', `must equal the codes of classification.levels (${codes.join(', ')}) or be left out`);
  }
}

/** Each section deadline is checked; a step may restate it only identically. */
function checkLinkedDeadlines(
  p: Problems,
  doc: Json,
  steps: Partial<Record<StepId, StepRule>>,
  reply: PolicyDeadline | undefined,
): void {
  for (const { section, step } of LINKED_DEADLINES) {
    const stated = section === 'deadlines.reply' ? reply : checkDeadline(p, sectionValue(doc, section), section);
    const onStep = steps[step]?.deadline;
    if (stated && onStep && !sameDeadline(stated, onStep)) {
      p.add(`steps.${step}.deadline`, `must equal ${section} (${describeDeadline(stated)}) or be left out`);
    }
  }
}

function checkStepRules(p: Problems, steps: Partial<Record<StepId, StepRule>>): void {
  if (steps.reply && !steps.reply.required) p.add('steps.reply.required', 'must be true: every procedure ends in a reply');
  const linked = new Set(LINKED_DEADLINES.map((l) => l.step));
  for (const id of TIMED_STEPS) {
    const rule = steps[id];
    if (rule?.required && !rule.deadline && !linked.has(id)) {
      p.add(`steps.${id}.deadline`, 'is required while the step is required');
    }
  }
}

