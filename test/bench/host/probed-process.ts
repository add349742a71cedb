/**
 * A `headroom` command (the CLI as it ships, bundled) in a process of its own with the usage probe loaded, for the
 * host bench. Each one leads a process group of its own, so that stopping it stops whatever it started; and as
 * such a group no longer hears the terminal's Ctrl+C, this module kills every group still running when the bench
 * exits, whether it ends, fails or is interrupted.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { bundledForBench } from '../bundle';
import { root } from '../load';
import type { ProbeMessage, ProbeUsage, UsageQuestion } from './usage-probe';

export interface ProbedProcess {
  pid: number;
  /** The first lines it printed, which name its addresses. */
  firstLines: string[];
  /** Its own CPU time and memory, as it reads them. */
  usage(): Promise<ProbeUsage>;
  /** When (performance.now()) the bench last heard of a collection by V8's memory reducer in it; undefined: none yet. */
  readonly memoryReducedAt: number | undefined;
  /** SIGTERM, as Ctrl+C would stop it, and its exit code; its group is killed if it has not exited within 10 s. */
  stop(): Promise<number | null>;
}

const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** Process group ids of the processes not yet stopped. */
const running = new Set<number>();

/** Kills every process group this bench started and has not stopped yet; synchronous, so it works on exit. */
export function killAll(): void {
  for (const group of running) killGroup(group);
  running.clear();
}

process.once('exit', killAll);
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(code);
  });
}

// One bundle per entry for the whole run: the simulator and the host are the same CLI.
const bundles = new Map<string, Promise<string>>();
function bundle(entry: string): Promise<string> {
  let built = bundles.get(entry);
  if (!built) bundles.set(entry, (built = bundledForBench(entry)));
  return built;
}

/** Runs `headroom <args>` and resolves once it has printed `lineCount` lines. */
export async function startProbed(
  args: readonly string[],
  options: { lineCount: number; env?: Record<string, string> },
): Promise<ProbedProcess> {
  const [cli, probe] = await Promise.all([
    bundle('electron/headless/cli.ts'),
    bundle('test/bench/host/usage-probe.ts'),
  ]);
  const child = fork(cli, args, {
    cwd: root,
    execArgv: ['--import', pathToFileURL(probe).href],
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, ...options.env },
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error(`headroom ${args[0] ?? ''} could not be started`);
  running.add(pid);
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  // Heard from the start: the probe tells of collections unasked, during startup too.
  const answers = new Map<number, { resolve: (usage: ProbeUsage) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  let memoryReducedAt: number | undefined;
  child.on('message', (message: ProbeMessage) => {
    if (message.kind === 'major-gc') {
      if (message.reducingMemory) memoryReducedAt = performance.now();
      return;
    }
    answers.get(message.id)?.resolve(message.usage);
    answers.delete(message.id);
  });

  const lines: string[] = [];
  let enough: () => void = () => {};
  const printed = new Promise<void>((resolve) => (enough = resolve));
  // Read to the end, so a chatty process never blocks on a full pipe.
  createInterface({ input: child.stdout as NonNullable<typeof child.stdout> }).on('line', (line) => {
    lines.push(line);
    if (lines.length >= options.lineCount) enough();
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      printed,
      exited.then(([code]) => Promise.reject(new Error(`exited (${String(code)}) before it was ready`))),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`not ready within ${STARTUP_TIMEOUT_MS / 1000} s`)),
          STARTUP_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (error) {
    killGroup(pid);
    running.delete(pid);
    throw new Error(`headroom ${args.join(' ')}: ${(error as Error).message}; it printed: ${lines.join(' | ')}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }

  // A process that dies mid-run fails the bench's questions rather than leave them waiting.
  const gone = () => new Error(`headroom ${args[0] ?? ''} exited (${String(child.exitCode ?? child.signalCode)})`);
  child.once('exit', () => {
    for (const { reject } of answers.values()) reject(gone());
    answers.clear();
  });
  return {
    pid,
    firstLines: lines.slice(0, options.lineCount),
    get memoryReducedAt() {
      return memoryReducedAt;
    },
    usage: () =>
      new Promise((resolve, reject) => {
        if (!child.connected) return reject(gone());
        const id = nextId++;
        answers.set(id, { resolve, reject });
        child.send({ kind: 'usage', id } satisfies UsageQuestion);
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const late = setTimeout(() => killGroup(pid), STOP_TIMEOUT_MS);
      const [code] = await exited;
      clearTimeout(late);
      // Whatever it may have started goes with it.
      killGroup(pid);
      running.delete(pid);
      return code;
    },
  };
}

function killGroup(group: number): void {
  try {
    process.kill(-group, 'SIGKILL');
  } catch {
    // The group is gone already.
  }
}
