import { fill } from '../../../libs/launch-sheet/messages';
export { oneLine } from '../../../libs/launch-sheet/raw-sheet';
import { LABELS } from '../../../libs/i18n/labels';

export const T = LABELS.cli;

const WIDE = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/;

/**
 * A message on one line: each line break (with the spaces around it) becomes one space, or
 * nothing between two CJK characters; the spaces a line holds are kept (缺少主办单位 / missing …).
 */
export function flat(text: string): string {
  return text.trim().replace(/[ \t\u00a0\u3000]*[\r\n]+[\s\u00a0\u3000]*/g, (brk, at: number, whole: string) => {
    const before = whole[at - 1] ?? '';
    const after = whole[at + brk.length] ?? '';
    return WIDE.test(before) && WIDE.test(after) ? '' : ' ';
  });
}

/** A CLI label with its {placeholders} filled in. */
export function say(template: string, values: Record<string, string | number> = {}): string {
  return fill(template, values);
}

/** Columns on a terminal: CJK and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}

/** Rows as aligned columns (the last column is not padded). */
export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i] ?? ''))));
  return rows
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i]! - displayWidth(cell)))).join('  ').trimEnd())
    .join('\n');
}
