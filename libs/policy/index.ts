export * from './policy.types';
export * from './policy.constants';
export { LINKED_DEADLINES, normalizePolicy, type PolicyDraft } from './normalize-policy';
export * from './presets';
export * from './assessment';
export { PolicyValidationError, type PolicyProblem } from './validate-helpers';
export { validatePolicy } from './validate-policy';
export { parsePolicyDocument, type PolicyFormat } from './parse-policy';
export { applyOverrides } from './overrides';
