/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests: prom-client writes the
 * format but does not read it, and no parser is a dependency. Anything off the format throws, naming the line.
 */
export interface MetricFamily {
  help: string | undefined;
  type: string | undefined;
  samples: Sample[];
}

export interface Sample {
  labels: Record<string, string>;
  value: number;
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const types = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

export function parsePrometheusText(text: string): Map<string, MetricFamily> {
  if (!text.endsWith('\n')) throw new Error('the exposition does not end with a line feed');
  const families = new Map<string, MetricFamily>();
  const finished = new Set<string>();
  let current: string | undefined;
  const familyOf = (name: string) => {
    if (current !== name) {
      if (finished.has(name)) throw new Error(`the lines of ${name} are not together`);
      if (current !== undefined) finished.add(current);
      current = name;
    }
    let family = families.get(name);
    if (!family) families.set(name, (family = { help: undefined, type: undefined, samples: [] }));
    return family;
  };
  text
    .slice(0, -1)
    .split('\n')
    .forEach((line, index) => {
      const where = `line ${index + 1} (${line.slice(0, 80)})`;
      if (line.trim() === '') return;
      const descriptor = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
      if (descriptor) {
        const [, keyword, name = '', rest = ''] = descriptor;
        if (!metricName.test(name)) throw new Error(`${where}: not a metric name`);
        const family = familyOf(name);
        if (keyword === 'HELP') {
          if (family.help !== undefined) throw new Error(`${where}: a second HELP`);
          family.help = unescaped(rest, false, where);
        } else {
          if (family.type !== undefined || family.samples.length > 0) throw new Error(`${where}: TYPE too late`);
          if (!types.has(rest)) throw new Error(`${where}: unknown type`);
          family.type = rest;
        }
        return;
      }
      if (line.startsWith('#')) return;
      const { name, labels, value } = sampleOf(line, where);
      familyOf(name).samples.push({ labels, value });
    });
  return families;
}

function sampleOf(line: string, where: string): { name: string; labels: Record<string, string>; value: number } {
  const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
  if (!name) throw new Error(`${where}: no metric name`);
  let at = name.length;
  const labels: Record<string, string> = {};
  if (line[at] === '{') {
    at++;
    while (line[at] !== '}') {
      const labelMatch = /^([^=]+)="/.exec(line.slice(at));
      if (!labelMatch || !labelName.test(labelMatch[1] ?? '')) throw new Error(`${where}: bad label at ${at}`);
      at += labelMatch[0].length;
      let value = '';
      for (; line[at] !== '"'; at++) {
        if (at >= line.length) throw new Error(`${where}: label value not closed`);
        if (line[at] === '\\') value += line[at++] ?? '';
        value += line[at];
      }
      labels[labelMatch[1] ?? ''] = unescaped(value, true, where);
      at++;
      if (line[at] === ',') at++;
      else if (line[at] !== '}') throw new Error(`${where}: expected , or } at ${at}`);
    }
    at++;
  }
  const rest = /^ (\S+)( -?\d+)?$/.exec(line.slice(at));
  if (!rest) throw new Error(`${where}: no value`);
  const text = rest[1] ?? '';
  const value = text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);
  if (Number.isNaN(value) && text !== 'NaN') throw new Error(`${where}: the value is not a number`);
  return { name, labels, value };
}

/** HELP texts escape \\ and \n; label values also \". */
function unescaped(text: string, quotes: boolean, where: string): string {
  return text.replace(/\\(.)/g, (_, char: string) => {
    if (char === 'n') return '\n';
    if (char === '\\' || (quotes && char === '"')) return char;
    throw new Error(`${where}: unknown escape \\${char}`);
  });
}

/** The value of the one sample of `name` with exactly these labels. */
export function valueOf(
  families: Map<string, MetricFamily>,
  name: string,
  labels: Record<string, string> = {},
): number {
  const matching = (families.get(name)?.samples ?? []).filter(
    (sample) =>
      Object.keys(sample.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  if (matching.length !== 1) throw new Error(`${matching.length} samples of ${name} ${JSON.stringify(labels)}`);
  return (matching[0] as Sample).value;
}
