import { AlertActivityDeps, createAlertActivities } from './notify/alert.activities';
import { createDeadlineActivities, DeadlineActivityDeps } from './deadlines/deadline.activities';
import { AlertDeliverer, createDeliveryActivities, DeliveryActivityDeps } from './delivery/delivery.activities';
import { createLaunchActivities, LaunchActivityDeps } from './launch/launch.activities';
import { createReadModelActivities } from './read-model/read-model.activities';

export type ActivityDeps = DeadlineActivityDeps & AlertActivityDeps & {
  /** Delivery of stored alerts to subscriptions (webhook, email); without it nothing is delivered. */
  deliveryChannels?: DeliveryActivityDeps;
  /** Launches, merges and the read model (they need the database and a client); without them none runs. */
  launches?: LaunchActivityDeps;
};

/** Every activity the case worker registers. */
export function createActivities(deps: ActivityDeps) {
  // One deliverer for emitAlert's first attempts and the delivery workflow's retries.
  const deliverer = deps.deliveryChannels && new AlertDeliverer(deps.deliveryChannels);
  const delivery = deps.delivery && deliverer ? { ...deps.delivery, deliverer } : deps.delivery;
  return {
    ...createDeadlineActivities(deps),
    ...createAlertActivities({ ...deps, delivery }),
    ...createDeliveryActivities(deps.deliveryChannels, deliverer),
    ...(deps.launches ? createLaunchActivities(deps.launches) : {}),
    ...(deps.launches ? createReadModelActivities(deps.launches) : {}),
  };
}

export type Activities = ReturnType<typeof createActivities>;
