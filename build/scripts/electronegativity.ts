/**
 * `npm run test:electronegativity`: Doyensec's Electronegativity over what ships, the bundles
 * (dist/electron/main.cjs, dist/electron/preload.cjs) and the renderer's page (dist/renderer/index.html). The bundles
 * are plain JavaScript, so the scanner reads them whatever TypeScript syntax the sources use. Every finding must be
 * in the reviewed allow-list, build/electronegativity-allow.json (check id, file, and why it is fine); a finding
 * not in it fails the run, and so does an entry that no longer matches a finding (the list stays exact).
 *
 * The scanner reads a copy of each bundle made for it, and each finding's line is mapped back to the shipped file
 * through the copy's source map:
 * - its scope analysis (escope) predates ES2020, and optional chaining and class fields stop it: the copy has that
 *   syntax lowered to ES2019 (esbuild);
 * - its BrowserWindow checks (contextIsolation, sandbox, nodeIntegration, webSecurity...) look for
 *   `new BrowserWindow(...)` by that bare name, which a bundle never has (`new import_electron.BrowserWindow(...)`,
 *   or the class passed in: `new options.BrowserWindow(...)`): the copy names it bare, so they look at every
 *   window the app makes. Where the options are not an object literal there, they report them as missing: the
 *   allow-list says where they are set and tested.
 *
 * Not run: AvailableSecurityFixesGlobalCheck, which downloads Electron's release list from GitHub on every run
 * (no network here, and the Electron version is a decision of package.json, not of this scan).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { transform } from 'esbuild';
import { runAsScript } from './run-as-script';

export interface Finding {
  check: string;
  /** The shipped file, relative to the project (dist/electron/main.cjs), or (app) for a check of the whole app. */
  file: string;
  line: number;
  column: number;
  severity: string;
  confidence: string;
  description: string;
  manualReview: boolean;
}

export interface Allowance {
  check: string;
  file: string;
  reason: string;
}

export interface Verdict {
  allowed: { finding: Finding; allowance: Allowance }[];
  unexpected: Finding[];
  /** Entries of the allow-list that match no finding: no longer needed. */
  stale: Allowance[];
}

/** The shipped files, and the name each is scanned under (the scanner reads .js, not .cjs). */
export const scannedFiles: Record<string, string> = {
  'dist/electron/main.cjs': 'electron/main.js',
  'dist/electron/preload.cjs': 'electron/preload.js',
  'dist/renderer/index.html': 'renderer/index.html',
};

const skippedChecks = ['AvailableSecurityFixesGlobalCheck'];

interface RawIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  description: string;
  manualReview?: boolean;
}

interface RawResult {
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: RawIssue[];
}

type Run = (options: Record<string, unknown>) => Promise<RawResult>;

export function judge(findings: Finding[], allowList: Allowance[]): Verdict {
  const matches = (allowance: Allowance, finding: Finding) =>
    allowance.check === finding.check && allowance.file === finding.file;
  const allowed: Verdict['allowed'] = [];
  const unexpected: Finding[] = [];
  for (const finding of findings) {
    const allowance = allowList.find((entry) => matches(entry, finding));
    if (allowance) allowed.push({ finding, allowance });
    else unexpected.push(finding);
  }
  const stale = allowList.filter((entry) => !findings.some((finding) => matches(entry, finding)));
  return { allowed, unexpected, stale };
}

export function parseAllowList(text: string): Allowance[] {
  const entries = JSON.parse(text) as unknown;
  if (!Array.isArray(entries)) throw new Error('build/electronegativity-allow.json must be an array of entries.');
  return entries.map((entry: unknown, index) => {
    const { check, file, reason } = (entry ?? {}) as Record<string, unknown>;
    if (typeof check !== 'string' || typeof file !== 'string' || typeof reason !== 'string' || !reason.trim()) {
      throw new Error(`build/electronegativity-allow.json entry ${index}: needs "check", "file" and a "reason".`);
    }
    return { check, file, reason };
  });
}

/** A plain-text table, one finding a row. */
export function table(verdict: Verdict): string {
  const rows = [
    ...verdict.unexpected.map((finding) => ({ finding, status: 'NEW', note: finding.description })),
    ...verdict.allowed.map(({ finding, allowance }) => ({ finding, status: 'allowed', note: allowance.reason })),
  ].map(({ finding, status, note }) => [
    status,
    finding.check,
    `${finding.severity}/${finding.confidence}`,
    finding.file === '(app)' ? finding.file : `${finding.file}:${finding.line}:${finding.column}`,
    note,
  ]);
  const header = ['', 'check', 'severity/confidence', 'where', 'why it is fine (allowed) or what it means (NEW)'];
  const widths = header
    .slice(0, -1)
    .map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column < widths.length ? cell.padEnd(widths[column] ?? 0) : cell))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width)).concat('-'.repeat(20))), ...rows.map(line)].join(
    '\n',
  );
}

/** `new x.BrowserWindow(` and `new x.y.BrowserView(` as `new BrowserWindow(`, which the scanner's checks match. */
export function bareWindowConstructors(code: string): string {
  return code.replace(/\bnew\s+(?:[\w$]+\.)+(BrowserWindow|BrowserView)\s*\(/g, 'new $1(');
}

/** Runs the scanner over a copy of the shipped files. */
export async function scan(root: string): Promise<{ findings: Finding[]; parseErrors: string[] }> {
  const missing = Object.keys(scannedFiles).filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) {
    throw new Error(`Nothing to scan: ${missing.join(', ')} missing. Build first (npm run build).`);
  }
  const staging = mkdtempSync(join(tmpdir(), 'headroom-electronegativity-'));
  const shippedName = new Map<string, string>();
  const sourceMaps = new Map<string, SourceMap>();
  try {
    for (const [shipped, scanned] of Object.entries(scannedFiles)) {
      mkdirSync(join(staging, scanned, '..'), { recursive: true });
      const text = readFileSync(join(root, shipped), 'utf8');
      if (shipped.endsWith('.html')) {
        writeFileSync(join(staging, scanned), text);
      } else {
        const lowered = await transform(text, {
          loader: 'js',
          target: 'es2019',
          sourcemap: 'external',
          sourcefile: shipped,
        });
        writeFileSync(join(staging, scanned), bareWindowConstructors(lowered.code));
        sourceMaps.set(shipped, new SourceMap(JSON.parse(lowered.map) as ConstructorParameters<typeof SourceMap>[0]));
      }
      shippedName.set(scanned, shipped);
    }
    const run = loadScanner();
    const electronVersion = (
      JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
    ).version;
    const result = await run({
      input: staging,
      excludeFromScan: skippedChecks,
      electronVersionOverride: electronVersion,
      isRelative: false,
    });
    const shipped = (file: string) => {
      if (!file.startsWith(staging)) return '(app)'; // a global check: 'N/A'
      const scanned = relative(staging, file).split(sep).join('/');
      return shippedName.get(scanned) ?? scanned;
    };
    /** Where a finding in a lowered copy is in the shipped file (lines from 1, columns from 0). */
    const shippedLocation = (file: string, line: number, column: number) => {
      const entry = sourceMaps.get(file)?.findEntry(line - 1, column);
      return entry && 'originalLine' in entry
        ? { line: entry.originalLine + 1, column: entry.originalColumn }
        : { line, column };
    };
    const findings = result.issues
      .map((issue) => {
        const file = shipped(issue.file);
        return {
          check: issue.id,
          file,
          ...shippedLocation(file, issue.location.line, issue.location.column),
          severity: issue.severity.name,
          confidence: issue.confidence.name,
          description: issue.description,
          manualReview: Boolean(issue.manualReview),
        };
      })
      .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.check.localeCompare(b.check));
    const parseErrors = result.errors
      .filter((error) => !error.tolerable)
      .map((error) => `${shipped(error.file)}: ${error.message}`);
    return { findings, parseErrors };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * The scanner, with its messages from the copy it ships: out of the box it first fetches updated translations
 * from the network (three tries, 3 s where there is none). Its runner reads the translations module through
 * require's cache, so that module is replaced there by one that sets up the shipped English.
 */
function loadScanner(): Run {
  const require = createRequire(import.meta.url);
  const translationsPath = require.resolve('@doyensec/electronegativity/dist/locales/i18n.js');
  const i18n = createRequire(translationsPath)('i18n') as {
    configure(options: Record<string, unknown>): void;
    setLocale(locale: string): void;
  };
  require(translationsPath);
  const cached = require.cache[translationsPath];
  if (cached) {
    cached.exports = async () => {
      i18n.configure({
        locales: ['en-US'],
        defaultLocale: 'en-US',
        directory: dirname(translationsPath),
        updateFiles: false,
        objectNotation: true,
        retryInDefaultLocale: true,
        register: globalThis,
      });
      i18n.setLocale('en-US');
    };
  }
  return require('@doyensec/electronegativity') as Run;
}

async function main(): Promise<number> {
  const root = join(import.meta.dirname, '..', '..');
  const started = performance.now();
  const allowList = parseAllowList(readFileSync(join(root, 'build', 'electronegativity-allow.json'), 'utf8'));
  const { findings, parseErrors } = await scan(root);
  const verdict = judge(findings, allowList);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);

  console.log(
    `Electronegativity over ${Object.keys(scannedFiles).join(', ')}: ${findings.length} findings, ` +
      `${verdict.allowed.length} allowed, ${verdict.unexpected.length} new (${seconds} s).`,
  );
  if (findings.length > 0) console.log(`\n${table(verdict)}\n`);
  for (const error of parseErrors) console.error(`Could not scan ${error}`);
  for (const entry of verdict.stale) {
    console.error(
      `Allowed but not found (remove it from build/electronegativity-allow.json): ${entry.check} in ${entry.file}`,
    );
  }
  if (verdict.unexpected.length > 0) {
    console.error(
      'New findings: fix them, or, once reviewed, add each to build/electronegativity-allow.json with the reason it ' +
        'is fine. https://github.com/doyensec/electronegativity/wiki explains each check.',
    );
  }
  return verdict.unexpected.length > 0 || verdict.stale.length > 0 || parseErrors.length > 0 ? 1 : 0;
}

runAsScript(import.meta.url, main);
