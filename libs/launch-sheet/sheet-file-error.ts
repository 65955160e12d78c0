import { fillLabel } from './messages';
import type { LABELS } from '../i18n/labels';

export type FileProblemKey = keyof (typeof LABELS)['launchSheet']['problem'];

/** The file as a whole cannot be read as a launch sheet (empty, wrong type, broken, not UTF-8…). */
export class SheetFileError extends Error {
  readonly problem: string;

  constructor(readonly key: FileProblemKey, values: Record<string, string | number> = {}) {
    const problem = fillLabel(key, values);
    super(problem);
    this.problem = problem;
  }
}
