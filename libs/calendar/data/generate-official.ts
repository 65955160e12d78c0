/**
 * Regenerates libs/calendar/data/official-cn.json from the `chinese-days` package.
 *
 *   npx ts-node --transpile-only libs/calendar/data/generate-official.ts
 *
 * The library never reads node_modules at run time: this script brings the
 * State Council holiday data in as our own reviewed, committed fixture. Rerun it
 * after upgrading `chinese-days` (e.g. when next year's notice is published) and
 * review the diff. official.spec.ts checks the fixture is in sync with the package.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { CalendarData } from '../working-calendar';

export interface ChineseDaysJson {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
  inLieuDays: Record<string, string>;
}

/** Reads the installed `chinese-days` package (version and raw JSON). */
export function readChineseDays(): { version: string; source: ChineseDaysJson } {
  const root = path.resolve(__dirname, '../../..');
  const pkgDir = path.dirname(require.resolve('chinese-days/package.json', { paths: [root] }));
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const source = JSON.parse(fs.readFileSync(path.join(pkgDir, 'dist/chinese-days.json'), 'utf8')) as ChineseDaysJson;
  return { version: pkg.version, source };
}

/** 'National Day,国庆节,3' -> '国庆节' */
function chineseName(value: string, date: string): string {
  const name = value.split(',')[1]?.trim();
  if (!name) throw new Error(`No Chinese holiday name for ${date}: ${JSON.stringify(value)}`);
  return name;
}

function sortedRecord(entries: [string, string][]): Record<string, string> {
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function convert(src: ChineseDaysJson, version: string): CalendarData {
  const offDays = sortedRecord(Object.entries(src.holidays).map(([d, v]) => [d, chineseName(v, d)]));
  const workDays = sortedRecord(Object.entries(src.workdays).map(([d, v]) => [d, `${chineseName(v, d)}调休`]));
  for (const d of Object.keys(workDays)) {
    if (d in offDays) throw new Error(`${d} is both a day off and a make-up working day`);
  }
  const yearSet = new Set(Object.keys(offDays).map((d) => Number(d.slice(0, 4))));
  const years = [...yearSet].sort((a, b) => a - b);
  for (let i = 1; i < years.length; i++) {
    if (years[i] !== years[i - 1] + 1) throw new Error(`Gap in covered years after ${years[i - 1]}`);
  }
  return { id: 'cn-official', version: `chinese-days-${version}`, years, offDays, workDays };
}

if (require.main === module) {
  const { version, source } = readChineseDays();
  const data = convert(source, version);
  const out = path.join(__dirname, 'official-cn.json');
  fs.writeFileSync(out, JSON.stringify(data, null, 2) + '\n', 'utf8');
  console.log(
    `wrote ${path.relative(process.cwd(), out)}: ${data.version}, years ${data.years[0]}-${data.years[data.years.length - 1]}, ` +
      `${Object.keys(data.offDays).length} days off, ${Object.keys(data.workDays).length} make-up working days`,
  );
}
