import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldProblem, InvalidRequestError } from './api-errors';

/** Flattens class-validator's tree into one problem per field, with dotted paths (cases.2.leadUnit). */
export function toProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((problem) => ({ field, problem }));
    return [...own, ...toProblems(e.children ?? [], field)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new InvalidRequestError(toProblems(errors)),
  });
}
