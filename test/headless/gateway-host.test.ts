import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AutotaskClient } from '../../electron/autotask';
import { VirtualClock } from '../support/virtual-clock';
import { defaultSettings, type Settings } from '../../electron/core/settings/settings';
import type { UsageSample } from '../../electron/core/usage/sample';
import { startGatewayHost } from '../../electron/headless/gateway-host';
import { demoUser, startSimulator, type Simulator } from '../../electron/simulator';

const root = join(import.meta.dirname, '..', '..');
const credentials = { username: demoUser.username, secret: demoUser.secret, integrationCode: demoUser.integrationCode };

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latency: false, limit: 10_000 });
});
afterAll(async () => {
  await simulator.close();
});

function settingsFor(upstream: Simulator): Settings {
  return {
    ...defaultSettings,
    connection: { ...defaultSettings.connection, ...credentials, autotaskBaseUrl: upstream.baseUrl },
    gateway: { ...defaultSettings.gateway, port: 0 },
  };
}

/** A gateway host on a virtual clock for a tenant at `used` of 10,000, once it has read the counter. */
async function hostAtUsage(used: number) {
  await fetch(`${simulator.origin}/_sim/reset`, { method: 'POST' });
  await fetch(`${simulator.origin}/_sim/usage`, { method: 'POST', body: JSON.stringify({ count: used }) });
  const host = await startGatewayHost({
    settings: settingsFor(simulator),
    credentials,
    clock: new VirtualClock(),
    log: () => {},
  });
  if (!host.monitor.engine.snapshot().estimate.known) {
    await new Promise<void>((resolve) => host.monitor.poller.onSample(() => resolve()));
  }
  return host;
}

const authHeaders = {
  UserName: credentials.username,
  Secret: credentials.secret,
  ApiIntegrationCode: credentials.integrationCode,
};

describe('the gateway host (headroom gateway without a terminal)', () => {
  it('tells each throttle state change in one line, with the reason', async () => {
    await fetch(`${simulator.origin}/_sim/reset`, { method: 'POST' });
    const clock = new VirtualClock(Date.now());
    const lines: string[] = [];
    const nextSample = (host: { monitor: { poller: { onSample(l: (s: UsageSample) => void): () => void } } }) =>
      new Promise<UsageSample>((resolve) => {
        const stop = host.monitor.poller.onSample((sample) => {
          stop();
          resolve(sample);
        });
      });
    const host = await startGatewayHost({
      settings: settingsFor(simulator),
      credentials,
      clock,
      log: (l) => lines.push(l),
    });
    try {
      await nextSample(host);
      await fetch(`${simulator.origin}/_sim/usage`, { method: 'POST', body: JSON.stringify({ count: 9_300 }) });
      const sampled = nextSample(host);
      // Up to the next regular poll and no further, so the poll's own timeout (on the same clock) stays ahead.
      const polls = host.monitor.poller.stats().pollsSent;
      while (host.monitor.poller.stats().pollsSent === polls) clock.advance(1_000);
      await sampled;
      expect(lines).toContainEqual(expect.stringMatching(/^throttle asleep: Tenant usage 9,3\d\d \/ 10,000 \(93%\)/));
      expect(lines.join('\n')).not.toContain(demoUser.secret);
    } finally {
      await host.stop();
    }
  });
});

describe('the gateway host and settings', () => {
  it('holds calls as long as the settings in force say, changed while it runs', async () => {
    const host = await hostAtUsage(9_300);
    try {
      // Asleep at 93%: a normal call waits, up to maxHoldSeconds (30 s by default: no answer yet).
      const call = () =>
        fetch(`${host.gateway.baseUrl}V1.0/Tickets/query`, {
          method: 'POST',
          headers: authHeaders,
          body: JSON.stringify({ filter: [{ op: 'eq', field: 'id', value: 1 }] }),
        });
      const held = call();
      while (host.gateway.stats().waiting === 0) await new Promise(setImmediate);
      const settings = host.monitor.currentSettings;
      host.monitor.updateSettings({ ...settings, gateway: { ...settings.gateway, maxHoldSeconds: 0 } });
      const refused = await call();
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { errors: string[] }).errors[0]).toMatch(/^Held 0 s and not sent/);
      expect(host.gateway.stats().waiting).toBe(1);
      await host.stop();
      expect((await held).status).toBe(429);
    } finally {
      await host.stop();
    }
  });
});

describe('a burst through the gateway host', () => {
  it('goes at once far below slowAt, without a fresh reading or a 429', async () => {
    const host = await hostAtUsage(2_000);
    try {
      // 600 calls at once at 20%: more than a batch (1% of the limit), far less than half the room below slowAt.
      const answers = await Promise.all(
        Array.from({ length: 600 }, (_, i) =>
          fetch(`${host.gateway.baseUrl}V1.0/Tickets/${i + 1}`, { headers: authHeaders }),
        ),
      );
      expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
      expect(host.monitor.engine.snapshot().freshSamplesRequested).toBe(0);
      const stats = (await (await fetch(`${simulator.origin}/_sim/stats`)).json()) as Record<string, number>;
      expect([stats['served429'], stats['threadRejections']]).toEqual([0, 0]);
    } finally {
      await host.stop();
    }
  });
});

describe('headroom gateway, as a new user runs it', () => {
  it('prints its base URL, serves an unchanged Autotask client through it, and stops cleanly on SIGTERM', async () => {
    await fetch(`${simulator.origin}/_sim/reset`, { method: 'POST' });
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'electron', 'headless', 'cli.ts'),
        'gateway',
        '--autotask-url',
        simulator.baseUrl,
        '--username',
        demoUser.username,
        '--integration-code',
        demoUser.integrationCode,
        '--port',
        '0',
      ],
      { cwd: root, env: { ...process.env, HEADROOM_SECRET: demoUser.secret }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const output: string[] = [];
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    try {
      const lines = createInterface({ input: child.stdout });
      let baseUrl: string | undefined;
      for await (const line of lines) {
        output.push(line);
        baseUrl = /http:\/\/127\.0\.0\.1:\d+\/ATServicesRest\//.exec(line)?.[0];
        if (baseUrl) break;
      }
      expect(baseUrl, output.join('\n')).toBeDefined();

      const client = new AutotaskClient({ credentials, baseUrl: baseUrl ?? '' });
      expect(await client.zoneUrl()).toBe(baseUrl);
      let tickets = 0;
      for await (const page of client.queryPages('Tickets', {
        filter: [{ op: 'lte', field: 'id', value: 71_200 }],
        maxRecords: 500,
        includeFields: ['id'],
      })) {
        tickets += page.items.length;
      }
      expect(tickets).toBe(1_200);
      const stats = (await (await fetch(`${simulator.origin}/_sim/stats`)).json()) as {
        byIntegrationCode: Record<string, number>;
      };
      expect(stats.byIntegrationCode[demoUser.integrationCode]).toBeGreaterThanOrEqual(3);

      child.kill('SIGTERM');
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).toBe(0);
      expect(output.join('\n')).not.toContain(demoUser.secret);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
