import type { Type } from '@nestjs/common';
import { FieldProblem, InvalidRequestError } from '../errors/api-errors';
import { createValidationPipe } from '../errors/validation';

const pipe = createValidationPipe();

/**
 * A body checked as the global pipe checks `@Body() body: Dto` — for routes that learn which DTO
 * applies only from the request (JSON, or an upload's form fields) and report its problems
 * together with others (the sheet's).
 */
export async function validateAs<T extends object>(metatype: Type<T>, value: unknown): Promise<{ value?: T; problems: FieldProblem[] }> {
  try {
    return { value: (await pipe.transform(value ?? {}, { type: 'body', metatype })) as T, problems: [] };
  } catch (err) {
    if (err instanceof InvalidRequestError) return { problems: err.problems };
    throw err;
  }
}

/** The body as `metatype`, or InvalidRequestError naming each field. */
export async function validOrThrow<T extends object>(metatype: Type<T>, value: unknown): Promise<T> {
  const { value: valid, problems } = await validateAs(metatype, value);
  if (!valid) throw new InvalidRequestError(problems);
  return valid;
}
