import { createDeadlineActivities, DeadlineActivityDeps } from './deadlines/deadline.activities';

export type ActivityDeps = DeadlineActivityDeps;

/** Every activity the case worker registers. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createDeadlineActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
