/**
 * A reader of the Prometheus text exposition format (0.0.4), strict enough to refuse what a
 * scraper would: every line is a comment (`# HELP`, `# TYPE`), blank, or a sample
 * `name{label="value",…} value [timestamp]` of a family declared by a `# TYPE` line before it.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Exposition {
  /** Family name → its type (counter, gauge, histogram, summary, untyped). */
  types: Map<string, string>;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})?[ \\t]+(\\S+)(?:[ \\t]+-?\\d+)?$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(?:,|$)/y;
const TYPES = ['counter', 'gauge', 'histogram', 'summary', 'untyped'];

export function parsePrometheus(text: string): Exposition {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const [i, line] of text.split('\n').entries()) {
    const where = `line ${i + 1}: ${line}`;
    if (line.trim() === '') continue;
    if (line.startsWith('#')) {
      const type = new RegExp(`^# TYPE (${NAME}) (\\S+)$`).exec(line);
      if (type) {
        if (!TYPES.includes(type[2])) throw new Error(`unknown type, ${where}`);
        if (types.has(type[1])) throw new Error(`family typed twice, ${where}`);
        types.set(type[1], type[2]);
      } else if (line.startsWith('# TYPE') || (line.startsWith('# HELP') && !new RegExp(`^# HELP ${NAME}( .*)?$`).test(line))) {
        throw new Error(`malformed comment, ${where}`);
      }
      continue;
    }
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`malformed sample, ${where}`);
    const [, name, labelText, raw] = m;
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    // Prometheus reads NaN in any case (Go's ParseFloat); prom-client writes `Nan` for a mean of no samples.
    if (Number.isNaN(value) && raw.toLowerCase() !== 'nan') throw new Error(`malformed value, ${where}`);
    const labels: Record<string, string> = {};
    if (labelText) {
      LABEL.lastIndex = 0;
      while (LABEL.lastIndex < labelText.length) {
        const l = LABEL.exec(labelText);
        if (!l) throw new Error(`malformed labels, ${where}`);
        labels[l[1]] = l[2].replace(/\\(.)/g, (_s, c: string) => (c === 'n' ? '\n' : c));
      }
    }
    if (familyOf(name, types) === undefined) throw new Error(`sample of no declared family, ${where}`);
    samples.push({ name, labels, value });
  }
  return { types, samples };
}

/** The family a sample belongs to: its own name, or a histogram's or summary's without the suffix. */
function familyOf(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base !== name && ['histogram', 'summary'].includes(types.get(base) ?? '') ? base : undefined;
}

/** The value of the one sample with this name and these labels (among others), or 0 if there is none. */
export function valueOf(exposition: Exposition, name: string, labels: Record<string, string> = {}): number {
  const found = exposition.samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value ?? 0;
}
