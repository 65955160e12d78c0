/**
 * What every process shares about cases (STYLE: the contract apart): ids and the task queue, the
 * step table and the types derived from it, the workflows' messages, search attributes and patch
 * ids. apps/, activities/ and libs/ import it; it imports nothing of theirs but libs' types.
 */
export * from './alert-delivery';
export * from './alert-arming';
export * from './case.types';
export * from './errors';
export * from './fields';
export * from './ids';
export * from './messages';
export * from './patches';
export * from './search-attributes';
export * from './steps';
export * from './launch';
