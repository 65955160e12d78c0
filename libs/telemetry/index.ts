// What any process may import. The worker's parts load the worker SDK: import them by path
// (temporal-runtime.ts, worker-tracing.ts).
export * from './activity-metrics';
export * from './registry';
export * from './tracing';
