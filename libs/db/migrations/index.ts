import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial';
import * as calendarCoversYears from './0002-calendar-covers-years';
import * as cycles from './0002-cycles';
import * as launchCases from './0003-launch-cases';
import * as readModel from './0004-read-model';

/**
 * Every migration, by name; names sort in the order they run. Add a file and a line here —
 * never edit a migration that has shipped.
 */
const MIGRATIONS: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-calendar-covers-years': calendarCoversYears,
  '0002-cycles': cycles,
  '0003-launch-cases': launchCases,
  '0004-read-model': readModel,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => MIGRATIONS,
};
