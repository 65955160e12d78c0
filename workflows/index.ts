// The workflow bundle's entry point: every workflow type the case worker runs.
export { caseWorkflow } from './case/case.workflow';
export { coUnitWorkflow } from './case/co-unit.workflow';
export { alertDeliveryWorkflow } from './alert-delivery/alert-delivery.workflow';
export { launchWorkflow, mergeWorkflow } from './launch/launch.workflow';
export { reindexWorkflow } from './read-model/reindex.workflow';
