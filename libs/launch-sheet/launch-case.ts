/** One case of a cycle as an office lists it: the contract's, which the case workflow's input extends. */
export type { LaunchCase } from '../contract/case.types';

/** Limits shared by the JSON launch's DTO and the sheet's validation. */
export const CASE_LIMITS = {
  maxCases: 5000,
  session: 100,
  title: 300,
  name: 100,
  submitters: 200,
  coUnits: 50,
} as const;

/** A case number: unique per kind within a cycle; part of the case id. */
export const CASE_NUMBER_PATTERN = /^[0-9A-Za-z-]{1,32}$/;
