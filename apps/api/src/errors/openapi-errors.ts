import type { OpenAPIObject } from '@nestjs/swagger';

/** Routes anyone may call without a key (apps/api/src/auth/permissions.ts, `open`). */
const OPEN = /^\/(health$|metrics$|api\/public\/|api\/survey\/)/;
/** Routes that call neither Temporal nor the database: they cannot time out waiting for them. */
const LOCAL = /^\/(health|metrics)$|^\/api\/cycles\/template\./;

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
  '400':
    'Invalid input: `problems` names each field and what is wrong with it — on every route, a path or query holding NUL, ' +
    'another control character or a malformed escape, and a body nesting deeper than 32 levels or holding such text. Nothing is changed.',
  '401': 'No API key, or one that is unknown, revoked or expired (Authorization: Bearer banli_…).',
  '403': 'The key’s role (or unit) may not do this. Nothing is changed.',
  '413': 'The body is larger than the API reads (1 MB of JSON or YAML; an uploaded sheet has its own limit). Nothing is changed.',
  '429': 'Too many requests for this key (or address); Retry-After says when to try again.',
  '500': 'Unexpected; `correlationId` is in the API’s log. Nothing internal is shown.',
  '503': 'Temporal did not answer in time (TemporalTimeout); try again. A step retried with its Idempotency-Key is applied once.',
};
/** An open route given a key: the key must be valid even here (a bad key is refused, not read as none). */
const OPEN_401 = 'A key was sent and is not valid (unknown, revoked, expired or malformed); send a valid key or none.';
const METRICS_401 = 'BANLI_METRICS_TOKEN is set, and the request does not bear it (Authorization: Bearer <token>).';

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
      const takesBody = op.requestBody !== undefined;
      // Every route refuses a bad path or query (400); bodies may be too large (413).
      const codes = ['400', ...(open ? [] : ['401', '403']), ...(takesBody ? ['413'] : []), '429', '500', ...(LOCAL.test(path) ? [] : ['503'])];
      for (const code of codes) responses[code] ??= { description: DEFAULTS[code] };
      if (open) responses['401'] ??= { description: path === '/metrics' ? METRICS_401 : OPEN_401 };
      for (const [code, response] of Object.entries(responses)) {
        if (/^[45]/.test(code) && !response.content) response.content = ref;
      }
      if (open) op.security = [];
    }
  }
  return document;
}
