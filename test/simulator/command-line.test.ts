import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, it, onTestFinished } from 'vitest';
import { demoUser, startSimulator } from '../../electron/simulator';
import { CommandLineError, parseSimulateArgs, startupLine } from '../../electron/simulator/command-line';
import { authHeaders } from './harness';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const cli = join(root, 'electron', 'headless', 'cli.ts');

function refusal(args: string[]): string {
  try {
    parseSimulateArgs(args);
  } catch (error) {
    expect(error).toBeInstanceOf(CommandLineError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${args.join(' ')}`);
}

/** The CLI as `npm run simulate` runs it; killed when the test ends, however it ends. */
type Headroom = ChildProcessByStdio<null, Readable, Readable>;

function headroom(args: string[]): Headroom {
  const child = spawn(tsx, [cli, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => void child.kill('SIGKILL'));
  return child;
}

async function outputOf(child: Headroom): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('headroom simulate: options', () => {
  it('defaults to any free port, steady load, latency on and the demo user', () => {
    expect(parseSimulateArgs([])).toEqual({
      help: false,
      options: { port: 0, load: 'steady', latency: true, users: [demoUser] },
    });
  });

  it('reads every option, with repeated --user values whose secret may hold colons', () => {
    const command = parseSimulateArgs([
      ...['--port', '8123', '--limit', '500', '--timeframe-minutes', '1.5', '--load', 'callout-storm'],
      ...['--user', 'a@x.example:p:a:ss:CODEA', '--user', 'b@x.example:pw:CODEB'],
      ...['--no-latency', '--base-latency-ms', '40', '--seed', '7'],
    ]);
    expect(command).toEqual({
      help: false,
      options: {
        port: 8123,
        limit: 500,
        timeframeMinutes: 1.5,
        load: 'callout-storm',
        users: [
          { username: 'a@x.example', secret: 'p:a:ss', integrationCode: 'CODEA' },
          { username: 'b@x.example', secret: 'pw', integrationCode: 'CODEB' },
          demoUser,
        ],
        latency: false,
        baseLatencyMs: 40,
        seed: 7,
      },
    });
  });

  it('asks for the usage text with --help or -h', () => {
    expect(parseSimulateArgs(['--help'])).toEqual({ help: true });
    expect(parseSimulateArgs(['-h', '--port', '1'])).toEqual({ help: true });
  });

  it('lets --user replace the demo user by naming it', () => {
    const command = parseSimulateArgs(['--user', `${demoUser.username}:other:CODE`]);
    expect(command.help === false && command.options.users).toEqual([
      { username: demoUser.username, secret: 'other', integrationCode: 'CODE' },
    ]);
  });

  it('refuses bad values with a message that names the option', () => {
    expect(refusal(['--port', 'abc'])).toContain('--port');
    expect(refusal(['--port', '70000'])).toContain('--port');
    expect(refusal(['--limit', '0'])).toContain('--limit');
    expect(refusal(['--timeframe-minutes', 'soon'])).toContain('--timeframe-minutes');
    expect(refusal(['--load', 'hurricane'])).toContain('--load');
    expect(refusal(['--base-latency-ms', '-1'])).toContain('--base-latency-ms');
    expect(refusal(['--seed', '1.5'])).toContain('--seed');
    expect(refusal(['--limit'])).toContain('--limit');
    expect(refusal(['--colour'])).toContain('--colour');
    expect(refusal(['now'])).toContain("'now'");
  });

  it('refuses a malformed --user without repeating its secret', () => {
    for (const value of ['nosecret', 'name:only-secret-xyz', ':s3cr3t-xyz:CODE', 'name:s3cr3t-xyz:']) {
      const message = refusal(['--user', value]);
      expect(message).toContain('--user');
      expect(message).not.toContain('xyz');
    }
  });

  it('prints one line with the base URL and the demo credentials, not the secrets of other users', () => {
    const options = parseSimulateArgs(['--user', 'ops@x.example:top-secret:OPS']);
    expect(options.help).toBe(false);
    if (options.help) return;
    const line = startupLine({ baseUrl: 'http://127.0.0.1:4000/ATServicesRest/' }, options.options);
    expect(line).toContain('http://127.0.0.1:4000/ATServicesRest/');
    expect(line).toContain(demoUser.username);
    expect(line).toContain(demoUser.secret);
    expect(line).toContain(demoUser.integrationCode);
    expect(line).not.toContain('top-secret');
    expect(line).not.toContain('\n');
  });
});

describe('headroom simulate: the process', () => {
  it('serves zone discovery, ThresholdInformation and every ticket page, then stops cleanly on SIGTERM', async () => {
    const child = headroom(['simulate', '--port', '0', '--no-latency']);
    const exited = outputOf(child);
    const [firstLine] = await new Promise<string[]>((resolve) => {
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(text.split('\n'));
      });
    });
    const baseUrl = /http:\/\/127\.0\.0\.1:\d+\/ATServicesRest\//.exec(firstLine ?? '')?.[0];
    expect(baseUrl).toBeDefined();

    const zone = await fetch(`${baseUrl}v1.0/zoneInformation?user=${encodeURIComponent(demoUser.username)}`);
    const { url } = (await zone.json()) as { url: string };
    expect(url).toBe(baseUrl);
    const threshold = await fetch(`${url}V1.0/ThresholdInformation`, { headers: authHeaders() });
    expect(await threshold.json()).toMatchObject({ externalRequestThreshold: 10_000, requestThresholdTimeframe: 60 });

    const seen = new Set<number>();
    let next: string | null =
      `${url}V1.0/Tickets/query?search=${encodeURIComponent('{"filter":[{"op":"exist","field":"id"}]}')}`;
    while (next) {
      const response = await fetch(next, { headers: authHeaders() });
      const page = (await response.json()) as {
        items: Array<{ id: number }>;
        pageDetails: { nextPageUrl: string | null };
      };
      for (const item of page.items) seen.add(item.id);
      next = page.pageDetails.nextPageUrl;
    }
    expect(seen.size).toBe(5000);

    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });

  it('exits with 2 and names the option when one is bad', async () => {
    const { code, stderr } = await outputOf(headroom(['simulate', '--load', 'hurricane']));
    expect(code).toBe(2);
    expect(stderr).toContain('--load');
  });

  it('exits with 1 and says so when the port is taken', async () => {
    const taken = await startSimulator();
    try {
      const { code, stderr } = await outputOf(headroom(['simulate', '--port', String(taken.port)]));
      expect(code).toBe(1);
      expect(stderr).toContain('the port is already in use');
    } finally {
      await taken.close();
    }
  });

  it('exits with 2 and shows the usage for an unknown command', async () => {
    const { code, stderr } = await outputOf(headroom(['serve-coffee']));
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "serve-coffee"');
    expect(stderr).toContain('simulate');
  });
});
