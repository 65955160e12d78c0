import { CaseStage } from '../../../libs/contract';
import { chainStepDue, coSignedCurrentDraft, missingCoOpinions } from '../allowed-actions';
import type { CaseFile } from '../case-file';
import { completeStep } from './chain';
import { Step, unless } from './step';

/** 会签: one co-unit agrees to the current draft (or records its edits); the case moves on once all have. */
export const coSign: Step<'co-sign'> = {
  refusal: (file, input) => (chainStepDue(file) === 'co-sign' ? waitingFor(file, input.unit) : undefined),
  problems: (file, input) => [unless(file.input.coUnits.includes(input.unit), 'unit', `must be one of: ${file.input.coUnits.join(', ')}`)],
  conflict: (file, input) =>
    coSignedCurrentDraft(file).includes(input.unit) ? `${input.unit} has already co-signed this draft` : waitingFor(file, input.unit),
  apply(file, input, at) {
    const by = input.actor ?? input.unit;
    file.state.coSigns!.push({ unit: input.unit, ...(input.edits ? { edits: input.edits } : {}), at: at.toISOString(), by, draftVersion: file.state.draft!.version });
    const details = { unit: input.unit, edited: input.edits !== undefined };
    if (coSignedCurrentDraft(file).length < file.input.coUnits.length) return file.record('co-sign', by, at, details);
    completeStep(file, 'co-sign', at);
    file.advance(CaseStage.CoSigned, 'co-sign', by, at, details);
  },
};

function waitingFor(file: CaseFile, unit: unknown): string | undefined {
  return typeof unit === 'string' && missingCoOpinions(file).includes(unit) ? `${unit} has not given its co-unit opinion yet` : undefined;
}
