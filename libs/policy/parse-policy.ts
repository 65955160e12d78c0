import { parseDocument } from 'yaml';
import type { HandlingPolicy } from './policy.types';
import { DOCUMENT, PolicyValidationError } from './validate-helpers';
import { validatePolicy } from './validate-policy';

export type PolicyFormat = 'json' | 'yaml';

/**
 * A policy document (JSON or YAML 1.2) parsed and validated. Without `format`, text starting with
 * '{' is read as JSON, anything else as YAML. Syntax errors and invalid content both throw
 * PolicyValidationError.
 */
export function parsePolicyDocument(text: string, format?: PolicyFormat): HandlingPolicy {
  if (typeof text !== 'string') throw refused(`must be text, not ${typeof text}`);
  const chosen = format ?? (text.trimStart().startsWith('{') ? 'json' : 'yaml');
  return validatePolicy(chosen === 'json' ? readJson(text) : readYaml(text));
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw refused(`is not valid JSON: ${(error as Error).message}`);
  }
}

function readYaml(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const firstLine = (message: string) => message.split('\n')[0].replace(/:$/, '');
    throw new PolicyValidationError(
      doc.errors.map((e) => ({ path: DOCUMENT, problem: `is not valid YAML: ${firstLine(e.message)}` })),
    );
  }
  return doc.toJS({ maxAliasCount: 100 });
}

function refused(problem: string): PolicyValidationError {
  return new PolicyValidationError([{ path: DOCUMENT, problem }]);
}
