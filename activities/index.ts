import { AlertActivityDeps, createAlertActivities } from './notify/alert.activities';
import { createDeadlineActivities, DeadlineActivityDeps } from './deadlines/deadline.activities';
import { createDeliveryActivities, DeliveryActivityDeps } from './delivery/delivery.activities';

export type ActivityDeps = DeadlineActivityDeps & AlertActivityDeps & {
  /** Delivery of stored alerts to subscriptions (webhook, email); without it nothing is delivered. */
  deliveryChannels?: DeliveryActivityDeps;
};

/** Every activity the case worker registers. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createDeadlineActivities(deps),
    ...createAlertActivities(deps),
    ...createDeliveryActivities(deps.deliveryChannels),
  };
}

export type Activities = ReturnType<typeof createActivities>;
