/**
 * Runs a built main bundle in a child Node process with the stand-in Electron (./electron.ts, bundled here by
 * esbuild so the child runs plain JavaScript), and listens to what it reports. A crash or a hang is seen as it is:
 * the child is killed at `deadlineMs` after it started, whatever it is doing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { MethodName } from '../../../electron/contract';
import type { StandInCommand, StandInConfig, StandInReport } from './messages';

/** Bundles the stand-in into `outDir`; returns the file to --require. */
export async function buildStandIn(outDir: string): Promise<string> {
  const outfile = join(outDir, 'stand-in-electron.cjs');
  await build({
    entryPoints: [join(import.meta.dirname, 'electron.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
  });
  return outfile;
}

export interface LaunchOptions extends StandInConfig {
  /** The main bundle: dist/electron/main.cjs, or the one from the package. */
  main: string;
  standIn: string;
  /** The child's HOME and working folder, so nothing of the user's is read or written. */
  home: string;
  deadlineMs?: number;
}

export type ReportOf<K extends StandInReport['kind']> = Extract<StandInReport, { kind: K }>;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class LaunchedApp {
  readonly reports: StandInReport[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  readonly #child: ChildProcess;
  readonly #waiters = new Set<() => void>();
  #nextCall = 1;

  constructor(options: LaunchOptions) {
    const { main, standIn, home, deadlineMs = 60_000, ...config } = options;
    this.#child = fork(main, [], {
      cwd: home,
      execArgv: ['--require', standIn],
      // Only what Node needs: no NODE_OPTIONS or NODE_PATH of the test runner's, no HEADROOM_ settings.
      env: { PATH: process.env['PATH'] ?? '', HOME: home, HEADROOM_STAND_IN: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.#child.stdout?.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.#child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.#child.on('message', (message: StandInReport) => {
      this.reports.push(message);
      for (const waiter of this.#waiters) waiter();
    });
    const deadline = setTimeout(() => this.#child.kill('SIGKILL'), deadlineMs);
    this.exited = once(this.#child, 'exit').then(([code, signal]) => {
      clearTimeout(deadline);
      for (const waiter of this.#waiters) waiter();
      return { code: code as number | null, signal: signal as NodeJS.Signals | null };
    });
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /**
   * The first report of this kind that `matches` (already in, or still to come, from report number `from` on); fails
   * after `withinMs`, or when the app ends first.
   */
  next<K extends StandInReport['kind']>(
    kind: K,
    options: { matches?: (report: ReportOf<K>) => boolean; withinMs?: number; from?: number; what?: string } = {},
  ): Promise<ReportOf<K>> {
    const { matches = () => true, withinMs = 20_000, from = 0, what = kind } = options;
    const find = () =>
      this.reports
        .slice(from)
        .find((report): report is ReportOf<K> => report.kind === kind && matches(report as ReportOf<K>));
    return new Promise((resolve, reject) => {
      const settle = (found: ReportOf<K> | undefined) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        if (found) resolve(found);
        else reject(new Error(`${what}: not seen ${this.running ? `within ${withinMs} ms` : this.#ended()}.`));
      };
      const check = () => {
        const found = find();
        if (found || !this.running) settle(found);
      };
      const timer = setTimeout(() => settle(find()), withinMs);
      this.#waiters.add(check);
      check();
    });
  }

  /** A call to a contract method from the popover's page. */
  async call(method: MethodName, request?: unknown): Promise<unknown> {
    const id = this.#nextCall++;
    this.#send({ kind: 'call', id, method, request });
    const answer = await this.next('answer', { matches: (r) => r.id === id, what: `the answer to ${method}` });
    if (!answer.ok) throw new Error(`${method} failed: ${answer.message}`);
    return answer.value;
  }

  clickMenuItem(label: string): void {
    this.#send({ kind: 'click-menu-item', label });
  }

  /** Whether the window's page was refused each navigation, in order. */
  async navigationRefused(urls: string[]): Promise<boolean[]> {
    const from = this.reports.length;
    this.#send({ kind: 'navigate', urls });
    return (await this.next('navigation-refused', { from })).refused;
  }

  /** The exit, if it comes within `ms`. */
  exitedWithin(ms: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`The app was still running ${ms} ms later.`)), ms);
    });
    return Promise.race([this.exited, late]).finally(() => clearTimeout(timer));
  }

  /** Ends the child if it still runs (after a failed test). */
  async kill(): Promise<Exit> {
    if (this.running) this.#child.kill('SIGKILL');
    return this.exited;
  }

  /** How the app ended, with what it said: the reason a report never came. */
  #ended(): string {
    const { exitCode, signalCode } = this.#child;
    const output = `${this.stderr}${this.stdout}`.trim().split('\n').slice(-12).join('\n');
    return `before the app ended (exit ${exitCode ?? signalCode}); its output:\n${output || '(none)'}`;
  }

  #send(command: StandInCommand): void {
    this.#child.send(command);
  }
}
