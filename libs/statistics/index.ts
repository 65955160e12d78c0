/** Statistics over the read model (README "Statistics"): pure computations and the one query they need. */
export * from './case-facts';
export * from './statistics.types';
export * from './figures';
export * from './overdue';
export * from './assessment';
export * from './statistics';
export * from './case-facts.source';
export * from './day-counter';
export * from './export';
