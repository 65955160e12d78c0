import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { POLICY_PRESETS, PolicyValidationError, parsePolicyDocument, presetFor, validatePolicy } from './index';

const exampleYaml = readFileSync(join(__dirname, 'examples/npc-suggestion.policy.yaml'), 'utf8');

/** The problems a call is refused with (fails the test if it is not refused). */
function problemsOf(run: () => unknown): { path: string; problem: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof PolicyValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a PolicyValidationError');
}

/** A plain, editable copy of the NPC preset. */
function npcDocument(): Record<string, any> {
  return JSON.parse(JSON.stringify(POLICY_PRESETS['npc-suggestion']));
}

describe('parsePolicyDocument', () => {
  it('the hand-written YAML example and the JSON of the preset parse to the same policy', () => {
    const fromYaml = parsePolicyDocument(exampleYaml, 'yaml');
    const fromJson = parsePolicyDocument(JSON.stringify(POLICY_PRESETS['npc-suggestion'], null, 2), 'json');
    expect(fromYaml).toEqual(fromJson);
    expect(fromYaml).toEqual(POLICY_PRESETS['npc-suggestion']);
  });

  it('YAML quiet hours written unquoted (20:00, 08:00) stay times of day, not numbers', () => {
    expect(parsePolicyDocument(exampleYaml).quietHours).toEqual({ start: '20:00', end: '08:00', workingDaysOnly: true });
  });

  it.each(['hotline-ticket', 'cppcc-proposal'] as const)('%s round-trips through YAML and JSON text', (id) => {
    expect(parsePolicyDocument(stringify(POLICY_PRESETS[id]))).toEqual(POLICY_PRESETS[id]);
    expect(parsePolicyDocument(JSON.stringify(POLICY_PRESETS[id]))).toEqual(POLICY_PRESETS[id]);
  });

  it('fills the derived values a document leaves out: classificationScheme and linked step deadlines', () => {
    const doc = npcDocument();
    delete doc.classificationScheme;
    delete doc.steps.reply.deadline;
    const policy = parsePolicyDocument(JSON.stringify(doc));
    expect(policy.classificationScheme).toEqual(['A', 'B', 'C']);
    expect(policy.steps.reply.deadline).toEqual(doc.deadlines.reply);
  });

  it('refuses text that is not JSON, naming the document', () => {
    const [p] = problemsOf(() => parsePolicyDocument('{ "id": ', 'json'));
    expect(p.path).toBe('(document)');
    expect(p.problem).toMatch(/^is not valid JSON/);
  });

  it('refuses broken YAML and a YAML mapping with a key twice', () => {
    expect(problemsOf(() => parsePolicyDocument('steps: [\n'))[0].problem).toMatch(/^is not valid YAML/);
    expect(problemsOf(() => parsePolicyDocument('id: a\nid: b\n'))[0].problem).toMatch(/^is not valid YAML: .*unique/i);
  });

  it('refuses an empty document and a list instead of a mapping', () => {
    expect(problemsOf(() => parsePolicyDocument(''))).toEqual([{ path: '(document)', problem: 'must be an object' }]);
    expect(problemsOf(() => parsePolicyDocument('[1, 2]'))).toEqual([{ path: '(document)', problem: 'must be an object' }]);
  });

  it('explains that an unquoted YAML version is a number', () => {
    const yaml = exampleYaml.replace('version: "2026.1"', 'version: 2026.1');
    expect(problemsOf(() => parsePolicyDocument(yaml))).toEqual([
      { path: 'version', problem: 'must be a string (in YAML, quote it: "2026.1")' },
    ]);
  });

  it('the error message lists every problem with its path', () => {
    const doc = npcDocument();
    doc.steps.sign.deadline.amount = -1;
    doc.quietHours.start = '8pm';
    let message = '';
    try {
      parsePolicyDocument(JSON.stringify(doc));
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(
      'Invalid policy (2 problems):\n' +
        '- steps.sign.deadline.amount: must be a positive integer\n' +
        '- quietHours.start: must be a time of day as HH:MM (00:00-23:59)',
    );
  });
});

describe('validatePolicy refuses, with the field and the reason,', () => {
  const cases: [string, (doc: Record<string, any>) => void, { path: string; problem: string }[]][] = [
    ['a negative amount', (d) => (d.steps.sign.deadline.amount = -1), [
      { path: 'steps.sign.deadline.amount', problem: 'must be a positive integer' },
    ]],
    ['a fractional amount', (d) => (d.deadlines.replyComplex.amount = 6.5), [
      { path: 'deadlines.replyComplex.amount', problem: 'must be a positive integer' },
    ]],
    ['an implausibly long deadline', (d) => (d.steps['co-opinion'].deadline.amount = 30), [
      { path: 'steps.co-opinion.deadline.amount', problem: 'must be at most 24 for calendar-months' },
    ]],
    ['a bad unit', (d) => (d.steps['work-plan'].deadline.unit = 'weeks'), [
      { path: 'steps.work-plan.deadline.unit', problem: 'must be one of working-days, calendar-days, calendar-months' },
    ]],
    ['a bad clock start', (d) => (d.survey.window.from = 'reply'), [
      { path: 'survey.window.from', problem: 'must be one of assignment, session-close, previous-step' },
    ]],
    ['a string where a number belongs', (d) => (d.rehandling.maxRounds = '2'), [
      { path: 'rehandling.maxRounds', problem: 'must be an integer from 0 to 5' },
    ]],
    ['too many re-handling rounds', (d) => (d.rehandling.maxRounds = 6), [
      { path: 'rehandling.maxRounds', problem: 'must be an integer from 0 to 5' },
    ]],
    ['a string where a boolean belongs', (d) => (d.steps.visit.required = 'yes'), [
      { path: 'steps.visit.required', problem: 'must be true or false' },
    ]],
    ['a list where an object belongs', (d) => (d.scoring = [20, 50, 30]), [
      { path: 'scoring', problem: 'must be an object' },
    ]],
    ['an unknown field, anywhere', (d) => {
      d.colour = 'red';
      d.steps.sign.deadlines = d.steps.sign.deadline;
      d.escalation.key[0].channel = 'sms';
    }, [
      { path: 'colour', problem: 'is not a known field' },
      { path: 'steps.sign.deadlines', problem: 'is not a known field' },
      { path: 'escalation.key[0].channel', problem: 'is not a known field' },
    ]],
    ['an unknown step', (d) => (d.steps.lunch = { required: false }), [
      { path: 'steps.lunch', problem: 'is not a known field' },
    ]],
    ['a missing step and a missing reply deadline', (d) => {
      delete d.steps.visit;
      delete d.deadlines.reply;
    }, [
      { path: 'deadlines.reply', problem: 'is required' },
      { path: 'steps.visit', problem: 'is required' },
    ]],
    ['a duplicate class code', (d) => (d.classification.levels[2].code = 'A'), [
      { path: 'classification.levels[2].code', problem: 'duplicates classification.levels[0].code (A)' },
    ]],
    ['a class code that is not one capital letter', (d) => (d.classification.levels[1].code = 'b1'), [
      { path: 'classification.levels[1].code', problem: 'must be a single capital letter (A-Z)' },
    ]],
    ['a one-level scheme', (d) => {
      d.classification.levels = [{ code: 'A', label: '已解决' }];
      d.followUp.classes = ['A'];
      delete d.classificationScheme;
    }, [{ path: 'classification.levels', problem: 'must have at least 2 levels' }]],
    ['a follow-up class not in the scheme', (d) => (d.followUp.classes = ['B', 'D']), [
      { path: 'followUp.classes[1]', problem: 'is not a code of classification.levels (A, B, C)' },
    ]],
    ['a classificationScheme that disagrees with the levels', (d) => (d.classificationScheme = ['A', 'B']), [
      { path: 'classificationScheme', problem: 'must equal the codes of classification.levels (A, B, C) or be left out' },
    ]],
    ['bad quiet hours', (d) => {
      d.quietHours.start = '24:00';
      d.quietHours.end = '8:00';
    }, [
      { path: 'quietHours.start', problem: 'must be a time of day as HH:MM (00:00-23:59)' },
      { path: 'quietHours.end', problem: 'must be a time of day as HH:MM (00:00-23:59)' },
    ]],
    ['an empty escalation ladder', (d) => (d.escalation.key = []), [
      { path: 'escalation.key', problem: 'must have at least one rung' },
    ]],
    ['a non-integer rung offset and an unknown recipient', (d) => {
      d.escalation.ordinary[0].offsetWorkingDays = -2.5;
      d.escalation.ordinary[1].recipients = ['unit-leader', 'mayor'];
    }, [
      { path: 'escalation.ordinary[0].offsetWorkingDays', problem: 'must be an integer' },
      {
        path: 'escalation.ordinary[1].recipients[1]',
        problem: 'must be one of unit-handler, unit-leader, supervisor, supervising-office-head, office, leading-leader',
      },
    ]],
    ['rungs out of order and a repeated rung id', (d) => {
      d.escalation.ordinary[3].offsetWorkingDays = 2;
      d.escalation.ordinary[2].id = 'overdue';
    }, [
      { path: 'escalation.ordinary[2].id', problem: 'is used by an earlier rung (overdue)' },
      { path: 'escalation.ordinary[3].offsetWorkingDays', problem: 'must not be earlier than the rung before it (3)' },
    ]],
    ['scoring weights that do not add up to 100', (d) => (d.scoring.result = 20), [
      { path: 'scoring', problem: 'weights must add up to 100 (they add up to 90)' },
    ]],
    ['a reply step that is not required', (d) => (d.steps.reply.required = false), [
      { path: 'steps.reply.required', problem: 'must be true: every procedure ends in a reply' },
    ]],
    ['a required timed step without a deadline', (d) => delete d.steps['work-plan'].deadline, [
      { path: 'steps.work-plan.deadline', problem: 'is required while the step is required' },
    ]],
    ['a step deadline that contradicts its section', (d) => (d.steps.reply.deadline.amount = 4), [
      {
        path: 'steps.reply.deadline',
        problem: 'must equal deadlines.reply (3 calendar-months from assignment) or be left out',
      },
    ]],
    ['a complex-case reply deadline shorter than the ordinary one', (d) => (d.deadlines.replyComplex.amount = 2), [
      {
        path: 'deadlines.replyComplex.amount',
        problem: 'must not be shorter than deadlines.reply (3 calendar-months from assignment)',
      },
    ]],
    ['another schema version', (d) => (d.schemaVersion = 2), [
      { path: 'schemaVersion', problem: 'must be 1 (the only policy schema this engine reads)' },
    ]],
    ['an unknown kind and an empty title', (d) => {
      d.kind = 'petition';
      d.title = ' ';
    }, [
      { path: 'kind', problem: 'must be one of npc-suggestion, cppcc-proposal, hotline-ticket' },
      { path: 'title', problem: 'must be a non-empty string' },
    ]],
    ['a follow-up step with no class to follow up', (d) => (d.followUp.classes = []), [
      { path: 'followUp.classes', problem: 'must name at least one class while steps.follow-up is required' },
    ]],
  ];

  it.each(cases)('%s', (_name, edit, expected) => {
    const doc = npcDocument();
    edit(doc);
    expect(problemsOf(() => validatePolicy(doc))).toEqual(expected);
  });

  it('accepts quiet hours that start and end at once: no quiet window, as libs/alerts reads it', () => {
    const doc = npcDocument();
    doc.quietHours = { start: '00:00', end: '00:00', workingDaysOnly: false };
    expect(validatePolicy(doc).quietHours).toEqual({ start: '00:00', end: '00:00', workingDaysOnly: false });
  });

  it('does not change the object it validates', () => {
    const doc = npcDocument();
    delete doc.classificationScheme;
    delete doc.steps.survey.deadline;
    const before = JSON.stringify(doc);
    validatePolicy(doc);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('returns a copy that does not share objects with its input', () => {
    const doc = presetFor('hotline-ticket');
    const policy = validatePolicy(doc);
    doc.deadlines.reply.amount = 9;
    expect(policy.deadlines.reply.amount).toBe(5);
  });
});
