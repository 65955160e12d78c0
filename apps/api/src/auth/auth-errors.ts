import { ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { ConflictError, NotFoundError } from '../errors/api-errors';

/**
 * Errors of authentication and key management, in the one error shape:
 * `{statusCode: 401, error: "Unauthorized", message}`, 403 `Forbidden`, 404 `KeyNotFound`,
 * 409 `LastOfficeKey`. The guard's are HttpExceptions (they come from the edge, not a service).
 */

/** No key, or one that is unknown, revoked or expired. */
export class UnauthenticatedError extends UnauthorizedException {}

/** A valid key whose role may not do this here. */
export class NotPermittedError extends ForbiddenException {}

export class KeyNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('KeyNotFound', `no API key with id ${id}`);
  }
}

/** Revoking the last active office key would lock everyone out of key management. */
export class LastOfficeKeyError extends ConflictError {
  constructor() {
    super('LastOfficeKey', 'this is the last active office key: create another office key before revoking it');
  }
}
