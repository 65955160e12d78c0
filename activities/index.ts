import { AlertActivityDeps, createAlertActivities } from './notify/alert.activities';
import { createDeadlineActivities, DeadlineActivityDeps } from './deadlines/deadline.activities';

export type ActivityDeps = DeadlineActivityDeps & AlertActivityDeps;

/** Every activity the case worker registers. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createDeadlineActivities(deps),
    ...createAlertActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
