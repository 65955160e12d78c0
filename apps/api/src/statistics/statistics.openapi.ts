/**
 * The shapes of the statistics' JSON for the OpenAPI document (README "Statistics" defines every
 * figure). Written by hand from libs/statistics/statistics.types.ts: the answers are plain JSON
 * of those interfaces.
 */
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';

const int: SchemaObject = { type: 'integer' };
const RATE: SchemaObject = {
  type: 'object',
  description: 'rate = numerator / denominator (0–1, 4 decimals); null when the denominator is 0.',
  required: ['numerator', 'denominator', 'rate'],
  properties: { numerator: int, denominator: int, rate: { type: 'number', nullable: true, example: 1 } },
};
const TALLY: SchemaObject = {
  type: 'object',
  properties: { satisfied: int, basicallySatisfied: int, dissatisfied: int, noResponse: int, deemedSatisfied: int, answered: int, rate: RATE },
};
const STEP_DAYS: SchemaObject = {
  type: 'object',
  properties: { cases: int, total: int, average: { type: 'number', nullable: true }, max: { type: 'number', nullable: true } },
};
const counts = (names: string[]): SchemaObject => ({ type: 'object', properties: Object.fromEntries(names.map((n) => [n, int])) });

export const FIGURES_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'The figures of a set of lead cases.',
  properties: {
    cases: { ...int, description: 'Every case, withdrawn ones included.' },
    byKind: counts(['npc-suggestion', 'cppcc-proposal', 'hotline-ticket']),
    keySupervised: int,
    ordinary: int,
    withdrawn: { ...int, description: '撤案: left out of every rate.' },
    counted: { ...int, description: 'cases − withdrawn: what the rates count.' },
    closed: int,
    done: counts(['workPlan', 'contact', 'faceToFace', 'reply', 'visit', 'survey', 'publish', 'followUp']),
    replyRate: { ...RATE, description: '办复率: replied / counted.' },
    onTimeRate: { ...RATE, description: '按期办结率: replied by the deadline (an approved extension counting) / replies due.' },
    onTime: counts(['met', 'metWithExtension', 'late', 'overdue', 'notYetDue']),
    meetingRate: { ...RATE, description: '见面率: a face-to-face contact or visit / counted.' },
    satisfaction: {
      type: 'object',
      description: '满意率 = (satisfied + basically satisfied) / answered; no-response apart.',
      properties: { final: TALLY, firstRound: TALLY, submitterGiven: TALLY, proxyEntered: TALLY },
    },
    classification: {
      type: 'object',
      properties: {
        replied: int,
        levels: { type: 'array', items: { type: 'object', properties: { code: { type: 'string', example: 'A' }, label: { type: 'string' }, count: int, share: RATE } } },
      },
    },
    commitments: { type: 'object', properties: { promised: int, due: int, kept: int, notKept: int, unstated: int, missed: int, rate: RATE } },
    returns: counts(['cases', 'requested', 'rejected', 'reassigned', 'pending']),
    extensions: counts(['cases', 'requested', 'approved', 'rejected', 'pending']),
    rehandling: counts(['cases', 'rounds']),
    overdueNow: counts(['cases', 'deadlines']),
    stepDays: { type: 'object', additionalProperties: STEP_DAYS, description: 'Working days per step: sign, work-plan, contact, reply, visit, survey, publish, follow-up.' },
  },
};

const FILTER: SchemaObject = {
  type: 'object',
  description: 'The filters applied (a unit key’s unit is always its own).',
  properties: { unit: { type: 'string' }, kind: { type: 'string' }, keySupervised: { type: 'boolean' } },
};
const SCHEME_REF: SchemaObject = {
  type: 'object',
  properties: { kind: { type: 'string' }, id: { type: 'string' }, version: { type: 'string' }, title: { type: 'string' }, source: { type: 'string', enum: ['cycle', 'requested'] } },
};

export const CYCLE_STATISTICS_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    cycleId: { type: 'string' },
    asOf: { type: 'string', description: 'The China date the figures are as of (YYYY-MM-DD).' },
    calendar: { type: 'string', description: 'The working-day calendar counted on.' },
    filter: FILTER,
    figures: FIGURES_SCHEMA,
    byKind: { type: 'object', additionalProperties: FIGURES_SCHEMA, description: 'The figures of each kind present.' },
    byKeySupervised: { type: 'object', properties: { key: FIGURES_SCHEMA, ordinary: FIGURES_SCHEMA } },
    coHandled: { type: 'object', description: 'With `unit`: its co-handled cases, counted apart.' },
    overdue: {
      type: 'array',
      description: 'Deadlines overdue now: case, unit, role, deadline, due date, working days overdue, the rung reached and who was told.',
      items: { type: 'object' },
    },
  },
};

export const UNIT_TABLE_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    cycleId: { type: 'string' },
    asOf: { type: 'string' },
    calendar: { type: 'string' },
    filter: FILTER,
    minimumCasesToRank: { ...int, description: 'Units with fewer assessed lead cases are listed with rank null.' },
    schemes: { type: 'array', items: SCHEME_REF },
    units: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          unit: { type: 'string' },
          rank: { ...int, nullable: true },
          ranked: { type: 'boolean' },
          score: { type: 'number', nullable: true },
          assessedCases: int,
          figures: FIGURES_SCHEMA,
          coHandled: { type: 'object', description: 'Its co-handled cases: counts, on-time co-opinions, score.' },
        },
      },
    },
    total: FIGURES_SCHEMA,
  },
};

export const SCORE_TABLE_SCHEMA: SchemaObject = {
  type: 'object',
  properties: {
    cycleId: { type: 'string' },
    asOf: { type: 'string' },
    filter: FILTER,
    minimumCasesToRank: int,
    schemes: { type: 'array', items: { ...SCHEME_REF, description: 'The scheme used per kind, with its parts and deductions (`scheme`).' } },
    units: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          unit: { type: 'string' },
          rank: { ...int, nullable: true },
          score: { type: 'number', nullable: true },
          assessedCases: int,
          pendingCases: int,
          lost: { type: 'array', items: { type: 'object' }, description: 'Where the unit’s points went, by part and fault.' },
          cases: {
            type: 'array',
            description: 'Each lead case: score (null while pending), parts (earned of points, reason), deductions (count, lost).',
            items: { type: 'object' },
          },
          coHandled: { type: 'object', description: 'Co-handled cases scored apart: score, assessedCases, cases.' },
        },
      },
    },
  },
};
