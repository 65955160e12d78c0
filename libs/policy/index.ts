export * from './policy.types';
export * from './presets';
