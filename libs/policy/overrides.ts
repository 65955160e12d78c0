import { LINKED_DEADLINES, sectionValue, setSectionValue, stepDeadline } from './normalize-policy';
import type { DeepPartial, HandlingPolicy } from './policy.types';
import { Json, PolicyValidationError, isRecord } from './validate-helpers';
import { validatePolicy } from './validate-policy';

/**
 * `base` with `overrides` deep-merged in (objects merge field by field, arrays and other values
 * replace), then validated. Neither argument is changed.
 *
 * - version becomes `${base.version}+override` unless the overrides set one.
 * - Linked deadlines (deadlines.reply ↔ steps.reply.deadline and the others in LINKED_DEADLINES)
 *   stay equal: overriding either side moves both; if the overrides set both, the section
 *   (deadlines.reply, survey.window, …) wins.
 * - classificationScheme follows classification.levels; an explicit classificationScheme that
 *   disagrees with the levels is refused.
 */
export function applyOverrides(base: HandlingPolicy, overrides: DeepPartial<HandlingPolicy>): HandlingPolicy {
  if (!isRecord(overrides)) {
    throw new PolicyValidationError([{ path: '(overrides)', problem: 'must be an object' }]);
  }
  const merged = mergeInto(structuredClone(base) as unknown as Json, overrides);
  if (overrides.version === undefined) merged.version = `${base.version}+override`;
  if (overrides.classificationScheme === undefined) delete merged.classificationScheme;
  for (const { section, step } of LINKED_DEADLINES) {
    const stepWasSet = stepDeadline(overrides, step) !== undefined;
    if (stepWasSet && sectionValue(overrides, section) === undefined) {
      setSectionValue(merged, section, structuredClone(stepDeadline(merged, step)));
    }
    const rule = isRecord(merged.steps) ? merged.steps[step] : undefined;
    if (isRecord(rule)) delete rule.deadline; // validatePolicy restates the section's deadline
  }
  return validatePolicy(merged);
}

function mergeInto(target: Json, patch: Json): Json {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = Object.hasOwn(target, key) ? target[key] : undefined;
    const next = isRecord(value) && isRecord(current) ? mergeInto(current, value) : structuredClone(value);
    // defineProperty, not assignment: a '__proto__' key stays a plain (and refused) field
    Object.defineProperty(target, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return target;
}
