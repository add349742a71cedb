/**
 * The real `headroom` command line in a child process, as a user or a service manager runs it: its lines as they
 * come, waited on by what they say, and its end (exit code or the signal that killed it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const root = join(import.meta.dirname, '..', '..');

export interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CliProcess {
  readonly child: ChildProcess;
  /** Every line of stdout so far. */
  readonly stdout: string[];
  /** Every line of stderr so far. */
  readonly stderr: string[];
  /** Resolves with the first line of stdout matching `pattern`, from the start of the run; rejects if it ends first. */
  line(pattern: RegExp): Promise<string>;
  /** Resolves once the process has ended and every line it printed has been read. */
  readonly ended: Promise<Ended>;
  /** Kills it, if it still runs, and waits for its end: for afterEach, whatever the test did. */
  kill(): Promise<void>;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron', 'headless', 'cli.ts'), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const listeners = new Set<() => void>();
  const heard = (lines: string[]) => (line: string) => {
    lines.push(line);
    for (const listener of [...listeners]) listener();
  };
  createInterface({ input: child.stdout }).on('line', heard(stdout));
  createInterface({ input: child.stderr }).on('line', heard(stderr));
  const ended = once(child, 'close').then(([code, signal]) => ({ code, signal }) as Ended);
  let over = false;
  void ended.then(() => {
    over = true;
    for (const listener of [...listeners]) listener();
  });

  return {
    child,
    stdout,
    stderr,
    ended,
    line: (pattern) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = stdout.find((line) => pattern.test(line));
          if (found === undefined && !over) return;
          listeners.delete(check);
          if (found !== undefined) resolve(found);
          else reject(new Error(`ended without printing ${pattern}:\n${[...stdout, ...stderr].join('\n')}`));
        };
        listeners.add(check);
        check();
      }),
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await ended;
    },
  };
}
