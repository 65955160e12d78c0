import type { CoUnitOpinion } from '../../libs/contract';
import type { CaseFile } from './case-file';

/** A co-unit's workflow ended with its opinion (协办意见): the case records it. */
export function recordCoOpinion(file: CaseFile, opinion: CoUnitOpinion, at: Date): void {
  file.state.coOpinions?.push(opinion);
  file.record('co-opinion', opinion.givenBy, at, { unit: opinion.unit });
}
