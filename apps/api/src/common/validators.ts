import { ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';
import { isIsoDate } from '../../../../libs/calendar/iso-date';

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
