/**
 * The whole stack for a browser test: an Autotask simulator and `headroom serve` watching it, as a user would run
 * it. The simulator runs in the test's own process (Playwright's loader takes electron/simulator as it is, ESM and
 * `import.meta.dirname` included), so a test steers the other integrations' load directly with
 * `setBackgroundLevel`, which the simulator's admin API over HTTP does not offer. The host is a child process, as in
 * test/headless/serve-live.test.ts, so stopping and restarting it is what a user's restart is.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { MethodName, RequestOf, ResponseOf, Snapshot } from '../../electron/contract';
import { tokenFileName } from '../../electron/headless/token-file';
import { demoUser, startSimulator, type Simulator, type SimulatorOptions } from '../../electron/simulator';

const root = join(import.meta.dirname, '..', '..');
const uiLine = 'Headroom UI at ';
const gatewayLine = 'Headroom gateway at ';
const pollIntervalMs = 150;

export interface LiveHostOptions {
  /** Merged over `{ port: 0, limit: 1000, timeframeMinutes: 0.5, latency: false }`: a short "hour" of 1,000 calls. */
  simulator?: SimulatorOptions;
  /** How long the host may take to print its addresses; default 30 s. */
  startTimeoutMs?: number;
}

export interface LiveHost {
  /** The UI's address, 'http://127.0.0.1:PORT/'; the same after restartHost(). */
  readonly url: string;
  /** The gateway's base URL, 'http://127.0.0.1:PORT/ATServicesRest/'; the same after restartHost(). */
  readonly gatewayBaseUrl: string;
  readonly simulator: Simulator;
  /** The other integrations' share of the limit (0 to 1), reached `rampMs` from now (default at once). */
  setOthersShare(share: number, rampMs?: number): void;
  /** GET api/snapshot. */
  snapshot(): Promise<Snapshot>;
  /** POST api/<method> with this launch's token; a refusal (not 2xx) throws with the status and the body. */
  post<M extends MethodName>(method: M, body?: RequestOf<M>): Promise<ResponseOf<M>>;
  /** Polls the snapshot until `predicate` holds and returns that snapshot; throws with the last one on timeout. */
  waitForSnapshot(predicate: (snapshot: Snapshot) => boolean, timeoutMs?: number): Promise<Snapshot>;
  /** Everything the host has printed so far, stdout and stderr, every launch. */
  output(): string;
  /** SIGTERM, then waits for the exit; returns the exit code. Does nothing if it is not running. */
  stopHost(): Promise<number | null>;
  /** Stops the host if it runs, then starts it again on the same ports and directories (with a new token). */
  restartHost(): Promise<void>;
  /** Host, simulator and temporary directories. */
  close(): Promise<void>;
}

export async function startLiveHost(options: LiveHostOptions = {}): Promise<LiveHost> {
  const simulator = await startSimulator({
    port: 0,
    limit: 1000,
    timeframeMinutes: 0.5,
    latency: false,
    ...options.simulator,
  });
  const runtimeDir = await mkdtemp(join(tmpdir(), 'headroom-e2e-run-'));
  const dataDir = await mkdtemp(join(tmpdir(), 'headroom-e2e-data-'));
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;
  let output = '';
  let child: ChildProcess | undefined;

  const launch = async (uiPort: number, gatewayPort: number) => {
    const launched = await spawnHost({
      simulator,
      runtimeDir,
      dataDir,
      uiPort,
      gatewayPort,
      startTimeoutMs,
      print: (text) => (output += text),
    });
    child = launched.child;
    return launched;
  };

  const cleanUp = async () => {
    await simulator.close();
    await rm(runtimeDir, { recursive: true, force: true });
    await rm(dataDir, { recursive: true, force: true });
  };

  let first: Launched;
  try {
    first = await launch(0, 0);
  } catch (error) {
    await cleanUp();
    throw error;
  }
  const { url, gatewayBaseUrl } = first;
  const uiPort = Number(new URL(url).port);
  const gatewayPort = Number(new URL(gatewayBaseUrl).port);

  const stopHost = async (): Promise<number | null> => {
    const running = child;
    child = undefined;
    if (!running) return null;
    if (running.exitCode !== null || running.signalCode !== null) return running.exitCode;
    const exited = once(running, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    running.kill('SIGTERM');
    const [code] = await exited;
    return code;
  };

  const snapshot = async (): Promise<Snapshot> => {
    const response = await fetch(new URL('api/snapshot', url));
    const text = await response.text();
    if (!response.ok) throw new Error(`GET api/snapshot answered ${response.status}: ${text}`);
    return JSON.parse(text) as Snapshot;
  };

  return {
    url,
    gatewayBaseUrl,
    simulator,
    setOthersShare: (share, rampMs) => simulator.setBackgroundLevel(share, rampMs),
    snapshot,
    async post(method, body) {
      const token = await readFile(join(runtimeDir, 'headroom', tokenFileName(Number(new URL(url).port))), 'utf8');
      const response = await fetch(new URL(`api/${method}`, url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-headroom-token': token },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`POST api/${method} answered ${response.status}: ${text}`);
      return JSON.parse(text) as ResponseOf<typeof method>;
    },
    async waitForSnapshot(predicate, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Snapshot | undefined;
      let lastError: unknown;
      for (;;) {
        try {
          last = await snapshot();
          lastError = undefined;
          if (predicate(last)) return last;
        } catch (error) {
          // The host may be between launches: not yet, rather than a failure.
          lastError = error;
        }
        if (Date.now() >= deadline) break;
        await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      }
      const seen = last
        ? `the last snapshot: usage ${JSON.stringify(last.usage)}, state ${JSON.stringify(last.state)}`
        : 'no snapshot';
      const why = lastError instanceof Error ? `; the last try failed: ${lastError.message}` : '';
      throw new Error(`No snapshot matched within ${timeoutMs} ms; ${seen}${why}\nHost output:\n${output}`);
    },
    output: () => output,
    stopHost,
    async restartHost() {
      await stopHost();
      const again = await launch(uiPort, gatewayPort);
      if (again.url !== url) throw new Error(`The host came back at ${again.url}, not ${url}.\n${output}`);
    },
    async close() {
      await stopHost();
      await cleanUp();
    },
  };
}

interface Launched {
  child: ChildProcess;
  url: string;
  gatewayBaseUrl: string;
}

interface SpawnOptions {
  simulator: Simulator;
  runtimeDir: string;
  dataDir: string;
  uiPort: number;
  gatewayPort: number;
  startTimeoutMs: number;
  print: (text: string) => void;
}

/** `headroom serve` against the simulator; resolves once it has printed both addresses. */
function spawnHost(options: SpawnOptions): Promise<Launched> {
  const { simulator, startTimeoutMs, print } = options;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'electron/headless/cli.ts',
      'serve',
      '--autotask-url',
      simulator.baseUrl,
      '--username',
      demoUser.username,
      '--integration-code',
      demoUser.integrationCode,
      '--port',
      String(options.uiPort),
      '--gateway-port',
      String(options.gatewayPort),
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        XDG_RUNTIME_DIR: options.runtimeDir,
        HEADROOM_DATA_DIR: options.dataDir,
        HEADROOM_SECRET: demoUser.secret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // A test process that dies leaves no host behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));

  let launchOutput = '';
  const keep = (text: string) => {
    launchOutput += text;
    print(text);
  };
  child.stderr?.on('data', (chunk: Buffer) => keep(chunk.toString()));

  return new Promise<Launched>((resolve, reject) => {
    let url: string | undefined;
    let settled = false;
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      reject(new Error(`headroom serve ${why}. Its output:\n${launchOutput}`));
    };
    const timer = setTimeout(() => fail(`did not print its addresses within ${startTimeoutMs} ms`), startTimeoutMs);
    child.once('error', (error) => fail(`could not be started (${error.message})`));
    child.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
    if (!child.stdout) return fail('has no stdout');
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      keep(`${line}\n`);
      if (settled) return;
      if (url === undefined && line.startsWith(uiLine)) url = line.slice(uiLine.length).trim();
      else if (url !== undefined && line.startsWith(gatewayLine)) {
        settled = true;
        clearTimeout(timer);
        resolve({ child, url, gatewayBaseUrl: line.slice(gatewayLine.length).trim() });
      } else if (url === undefined) fail(`printed "${line}" before its address`);
    });
  });
}
