import type { OpenAPIObject } from '@nestjs/swagger';

/** Routes anyone may call without a key. */
const OPEN = /^\/(health|api\/public\/)/;

const ERROR_BODY = {
  type: 'object',
  description: 'Every error answer, from every endpoint, has this one shape.',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 409 },
    error: { type: 'string', description: 'What went wrong, as a name: ValidationFailed, CaseNotFound, StepNotAllowed, Unauthorized, …', example: 'StepNotAllowed' },
    message: { type: 'string', example: 'reply is not allowed at stage assigned' },
    problems: {
      type: 'array',
      description: 'With 400: one entry per field (or per cell of an uploaded sheet).',
      items: {
        type: 'object',
        required: ['field', 'problem'],
        properties: {
          field: { type: 'string', example: 'cases.0.leadUnit' },
          problem: { type: 'string', example: 'must be a non-empty string' },
          row: { type: 'integer', description: 'Sheet uploads: the row.' },
          column: { type: 'string', description: 'Sheet uploads: the column header.' },
        },
      },
    },
    stage: { type: 'string', description: 'With 409 StepNotAllowed: where the case is.', example: 'assigned' },
    allowedActions: { type: 'array', items: { type: 'string' }, example: ['sign', 'return', 'withdraw'] },
    correlationId: { type: 'string', description: 'With 500: the id of the entry in the API’s log.' },
  },
};

const DEFAULTS: Record<string, string> = {
  '400': 'Invalid input: `problems` names each field and what is wrong with it. Nothing is changed.',
  '401': 'No API key, or one that is unknown, revoked or expired (Authorization: Bearer banli_…).',
  '403': 'The key’s role (or unit) may not do this. Nothing is changed.',
  '429': 'Too many requests for this key (or address); Retry-After says when to try again.',
  '500': 'Unexpected; `correlationId` is in the API’s log. Nothing internal is shown.',
};

/**
 * Completes the generated document's error contract: the one ErrorBody schema on every error
 * response, and the answers every route can give (bad input, no key, wrong role, rate limit,
 * server error) where a controller did not list them.
 */
export function documentErrors(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ErrorBody: ERROR_BODY as never } };
  const ref = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } };
  for (const [path, item] of Object.entries(document.paths)) {
    const open = OPEN.test(path);
    for (const op of Object.values(item) as { responses?: Record<string, { description: string; content?: unknown }>; security?: unknown[]; parameters?: unknown[]; requestBody?: unknown }[]) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      const responses = (op.responses ??= {});
      const takesInput = op.requestBody !== undefined || (op.parameters ?? []).length > 0;
      const codes = [...(takesInput ? ['400'] : []), ...(open ? [] : ['401', '403']), '429', '500'];
      for (const code of codes) responses[code] ??= { description: DEFAULTS[code] };
      for (const [code, response] of Object.entries(responses)) {
        if (/^[45]/.test(code) && !response.content) response.content = ref;
      }
      if (open) op.security = [];
    }
  }
  return document;
}
