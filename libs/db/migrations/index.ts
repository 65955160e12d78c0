import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial';
import * as calendarCoversYears from './0002-calendar-covers-years';
import * as cycles from './0003-cycles';
import * as launchCases from './0004-launch-cases';
import * as readModel from './0005-read-model';
import * as caseFacts from './0006-case-facts';
import * as launchOutcomes from './0007-launch-outcomes';
import * as armedAlerts from './0008-armed-alerts';

/**
 * Every migration, by name; names sort in the order they run. Add a file and a line here —
 * never edit a migration that has shipped.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-calendar-covers-years': calendarCoversYears,
  '0003-cycles': cycles,
  '0004-launch-cases': launchCases,
  '0005-read-model': readModel,
  '0006-case-facts': caseFacts,
  '0007-launch-outcomes': launchOutcomes,
  '0008-armed-alerts': armedAlerts,
};

/**
 * Migrations renamed so that they are numbered one after another (two had shipped as 0002).
 * A database that applied them under their old names has its records renamed before migrating
 * (database.ts), so Kysely finds every applied migration and runs none twice. Last first: no
 * new name is ever an old one still to be renamed.
 */
export const RENAMED_MIGRATIONS: readonly (readonly [from: string, to: string])[] = [
  ['0004-read-model', '0005-read-model'],
  ['0003-launch-cases', '0004-launch-cases'],
  ['0002-cycles', '0003-cycles'],
];

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
