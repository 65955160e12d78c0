import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { isIsoDate } from '../../../../libs/calendar/iso-date';
import { isCleanLine, isCleanText, textProblem, valueProblems } from '../edge/text-rules';

/**
 * The field may be left out, but not sent as null: unlike class-validator's IsOptional, null is
 * checked like any other value (and refused by the field's validators).
 */
export function Optional(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** A real calendar date written YYYY-MM-DD (2020-02-31 is refused). */
export function IsIsoDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isIsoDate',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isIsoDate(value),
        defaultMessage: (args) => `${args?.property} must be a real date YYYY-MM-DD`,
      },
    },
    options,
  );
}

/**
 * A person's text: no NUL, no other control character but tab and line breaks, no lone
 * surrogate (apps/api/src/edge/text-rules.ts). Declare `pattern: TEXT_PATTERN` beside it.
 */
export function IsCleanText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCleanText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || isCleanText(value),
        defaultMessage: (args) => `${args?.property} ${textProblem(String(args?.value ?? '')) ?? 'must not contain control characters'}`,
      },
    },
    options,
  );
}

/**
 * One line of text — a name, a unit, a title: no control character at all (tab and line breaks
 * included), no lone surrogate. Declare `pattern: LINE_PATTERN` beside it.
 */
export function IsCleanLine(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCleanLine',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || isCleanLine(value),
        defaultMessage: (args) => {
          const value = args?.value;
          const sample = Array.isArray(value) ? value.find((v) => typeof v === 'string' && !isCleanLine(v)) : value;
          return `${args?.property} ${textProblem(String(sample ?? ''), true) ?? 'must be one line without control characters'}`;
        },
      },
    },
    options,
  );
}

/**
 * A free-form JSON value (policy overrides, a form field's JSON): every string in it clean, and
 * nested at most MAX_BODY_DEPTH deep (the JSON body is checked so already; a form field is not).
 */
export function IsCleanValue(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCleanValue',
      validator: {
        validate: (value: unknown) => valueProblems(value, '').length === 0,
        defaultMessage: (args) => {
          const [first] = valueProblems(args?.value, args?.property ?? '');
          return first ? `${first.field} ${first.problem}` : `${args?.property} is not clean`;
        },
      },
    },
    options,
  );
}
