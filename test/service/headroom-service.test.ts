import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../electron/contract';
import type { Notice } from '../../electron/core/notify/notice';
import { defaultSettings, type Settings } from '../../electron/core/settings/settings';
import { reasonWords } from '../../electron/core/throttle/reason-words';
import type { HistoryStore } from '../../electron/core/usage/history-store';
import type { UsageSample } from '../../electron/core/usage/sample';
import { FileHistoryStore } from '../../electron/service/history-file-store';
import { HeadroomService, type HeadroomServiceOptions } from '../../electron/service/headroom-service';
import { InvalidRequestError } from '../../electron/service/request-error';
import { MemorySecretStore } from '../../electron/service/secret-store';
import { FileSettingsStore } from '../../electron/service/settings-store';
import { demoUser, startSimulator, type Simulator } from '../../electron/simulator';
import { VirtualClock } from '../support/virtual-clock';

const wrongSecret = 'not-the-secret-7Qx';
const connection = {
  username: demoUser.username,
  integrationCode: demoUser.integrationCode,
};
const authHeaders = {
  UserName: demoUser.username,
  Secret: demoUser.secret,
  ApiIntegrationCode: demoUser.integrationCode,
};

let simulator: Simulator;
beforeAll(async () => {
  simulator = await startSimulator({ latency: false, limit: 10_000 });
});
afterAll(async () => {
  await simulator.close();
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Everything a service answered or told in a test: none of it may hold a secret. */
const seen: unknown[] = [];
afterEach(() => {
  const everything = JSON.stringify(seen.splice(0));
  expect(everything).not.toContain(demoUser.secret);
  expect(everything).not.toContain(wrongSecret);
});

async function seenAs<T>(answer: Promise<T>): Promise<T> {
  const value = await answer;
  seen.push(value);
  return value;
}

async function simulatorAt(used: number): Promise<void> {
  await fetch(`${simulator.origin}/_sim/reset`, { method: 'POST' });
  if (used > 0) await addUsage(used);
}

async function addUsage(count: number): Promise<void> {
  await fetch(`${simulator.origin}/_sim/usage`, { method: 'POST', body: JSON.stringify({ count }) });
}

function liveSettings(): Settings {
  return {
    ...defaultSettings,
    connection: { ...defaultSettings.connection, ...connection, autotaskBaseUrl: simulator.baseUrl },
    gateway: { ...defaultSettings.gateway, port: 0 },
  };
}

interface Setup {
  settings?: Settings;
  secret?: string;
  demo?: HeadroomServiceOptions['demo'];
  historyStore?: HistoryStore;
}

/** A started service on a virtual clock, its settings in a temporary folder, every event it tells recorded. */
async function startService({ settings = liveSettings(), secret = demoUser.secret, demo, historyStore }: Setup = {}) {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-service-'));
  const clock = new VirtualClock(Date.now());
  const settingsStore = new FileSettingsStore({ directory, clock });
  settingsStore.save(settings);
  const problems: string[] = [];
  const service = new HeadroomService({
    settingsStore,
    secretStore: new MemorySecretStore(secret),
    clock,
    random: () => 0.5,
    onProblem: (problem) => problems.push(problem),
    ...(demo ? { demo } : {}),
    ...(historyStore ? { historyStore } : {}),
  });
  const snapshots: Snapshot[] = [];
  const notices: Notice[] = [];
  service.on('snapshotChanged', (snapshot) => snapshots.push(snapshot));
  service.on('notice', (notice) => notices.push(notice));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  cleanups.push(() => service.stop());
  cleanups.push(() => void seen.push(snapshots, notices, problems));
  await service.start();
  // Asked for at once: the first poll went out as the service started.
  const firstReading = service.monitor ? nextReading(service) : Promise.reject(new Error('nothing is watched'));
  firstReading.catch(() => undefined);
  return { service, clock, snapshots, notices, problems, settingsFile: settingsStore.path, firstReading };
}

function nextReading(service: HeadroomService): Promise<UsageSample> {
  const poller = service.monitor?.poller;
  if (!poller) throw new Error('the service is not watching');
  return new Promise((resolve) => {
    const stop = poller.onSample((sample) => {
      stop();
      resolve(sample);
    });
  });
}

/** Moves virtual time up to the next poll and no further, so the poll's own timeout stays ahead; then its reading. */
async function readAgain(service: HeadroomService, clock: VirtualClock): Promise<UsageSample> {
  const reading = nextReading(service);
  const polls = () => service.monitor?.poller.stats().pollsSent;
  const before = polls();
  while (polls() === before) clock.advance(1_000);
  return reading;
}

function call(baseUrl: string, path: string): Promise<Response> {
  return fetch(`${baseUrl}V1.0/${path}`, { headers: authHeaders });
}

const modesTold = (snapshots: Snapshot[]) =>
  snapshots.map((snapshot) => snapshot.state.mode).filter((mode, i, modes) => i === 0 || mode !== modes[i - 1]);

describe('the Headroom service', () => {
  it('follows the tenant’s count through slowed and asleep, telling each change', async () => {
    await simulatorAt(0);
    const { service, clock, snapshots, notices, firstReading } = await startService();
    await firstReading;
    expect((await seenAs(service.snapshot())).usage).toMatchObject({ known: true, used: 1, figure: 'reading' });
    // A reading is a figure that moved: told within the second.
    clock.advance(1_000);
    expect(snapshots.at(-1)?.usage).toMatchObject({ known: true, used: 1 });

    await addUsage(7_800);
    await readAgain(service, clock);
    const slowed = await seenAs(service.snapshot());
    expect(slowed.state.mode).toBe('slowed');
    expect(slowed.usage).toMatchObject({ known: true, limit: 10_000, percent: 78, figure: 'reading' });

    await addUsage(1_400);
    await readAgain(service, clock);
    const asleep = await seenAs(service.snapshot());
    expect(asleep.state.mode).toBe('asleep');
    expect(asleep.state.reason).toMatchObject({ kind: 'asleep', usage: { limit: 10_000 } });
    expect(reasonWords(asleep.state.reason)).toMatch(/^Tenant usage 9,2\d\d \/ 10,000 \(92%\)/);
    expect(asleep.wake.available).toBe(true);

    expect(modesTold(snapshots)).toEqual(['normal', 'slowed', 'asleep']);
    expect(snapshots.at(-1)?.state.mode).toBe('asleep');
    expect(asleep.mode).toBe('live');
    expect(notices.map((notice) => notice.kind)).toEqual(['throttled']);
  });

  it('wakes a sleeping connection once, and shows when its grace ends', async () => {
    await simulatorAt(9_300);
    const { service, clock, snapshots, firstReading } = await startService();
    await firstReading;
    expect((await service.snapshot()).state.mode).toBe('asleep');

    const outcome = await seenAs(service.wakeUp());
    expect(outcome.woken).toBe(true);
    expect(outcome.state).toMatchObject({ wokenByUser: true });
    expect(outcome.state.mode).not.toBe('asleep');
    const { wake } = await service.snapshot();
    expect(wake).toMatchObject({ available: false, graceEndsAt: clock.now() + 120_000 });
    expect(snapshots.at(-1)?.state.wokenByUser).toBe(true);

    expect((await seenAs(service.wakeUp())).woken).toBe(false);
  });

  it('refuses thresholds out of order, naming the field, and leaves the saved file as it was', async () => {
    await simulatorAt(7_000);
    const { service, settingsFile, firstReading } = await startService();
    await firstReading;
    const before = readFileSync(settingsFile);
    const thresholds = await service.getThresholds();

    const refused = await seenAs(service.updateThresholds({ ...thresholds, slowAtPercent: 95 }));

    expect(refused).toEqual({
      ok: false,
      problems: [
        {
          field: 'throttle.slowAtPercent',
          message: expect.stringMatching(/^Slow down at must be below Sleep at \(90%\)/),
        },
      ],
    });
    expect(readFileSync(settingsFile).equals(before)).toBe(true);
    expect(await service.getThresholds()).toEqual(thresholds);
    expect((await service.snapshot()).state.mode).toBe('normal');
  });

  it('checks thresholds as they are typed with the same words as a save, saving nothing', async () => {
    await simulatorAt(7_000);
    const { service, settingsFile, firstReading } = await startService();
    await firstReading;
    const before = readFileSync(settingsFile);
    const thresholds = await service.getThresholds();

    const problems = await service.checkThresholds({ ...thresholds, slowAtPercent: 95 });
    const refused = await service.updateThresholds({ ...thresholds, slowAtPercent: 95 });

    expect(problems).toHaveLength(1);
    expect(refused).toEqual({ ok: false, problems });
    expect(await service.checkThresholds({ ...thresholds, slowAtPercent: 80 })).toEqual([]);
    expect(readFileSync(settingsFile).equals(before)).toBe(true);
    expect(await service.getThresholds()).toEqual(thresholds);
  });

  it('applies accepted thresholds at once, tells the new state, and saves them', async () => {
    await simulatorAt(7_000);
    const { service, snapshots, settingsFile, firstReading } = await startService();
    await firstReading;
    const thresholds = await service.getThresholds();

    const saved = await seenAs(service.updateThresholds({ ...thresholds, slowAtPercent: 60, resumeBelowPercent: 50 }));

    expect(saved).toEqual({ ok: true, value: { ...thresholds, slowAtPercent: 60, resumeBelowPercent: 50 } });
    const snapshot = await service.snapshot();
    expect(snapshot.thresholds.slowAtPercent).toBe(60);
    expect(snapshot.state.mode).toBe('slowed');
    expect(snapshots.at(-1)?.state.mode).toBe('slowed');
    expect(JSON.parse(readFileSync(settingsFile, 'utf8')).throttle.slowAtPercent).toBe(60);
  });

  it('answers every held call when the connection changes, and listens again on the same port', async () => {
    await simulatorAt(9_300);
    const { service, firstReading } = await startService();
    await firstReading;
    const { gateway } = await service.snapshot();
    const baseUrl = gateway.baseUrl ?? '';
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ATServicesRest\/$/);

    // Asleep at 93%: normal calls wait at the gate.
    const held = Array.from({ length: 5 }, (_, i) => call(baseUrl, `Tickets/${i + 1}`));
    while ((await service.gatewayStats()).waiting < held.length) await new Promise(setImmediate);

    const changed = await seenAs(service.updateConnection({ ...connection, autotaskBaseUrl: simulator.baseUrl }));

    expect(changed).toEqual({
      ok: true,
      value: { ...connection, autotaskBaseUrl: simulator.baseUrl, secretStored: true, secretKeeping: 'memory' },
    });
    const answers = await Promise.all(held);
    expect(answers.map((answer) => answer.status)).toEqual([429, 429, 429, 429, 429]);
    expect(answers.every((answer) => Number(answer.headers.get('retry-after')) > 0)).toBe(true);
    const after = await service.snapshot();
    expect(after.gateway.baseUrl).toBe(baseUrl);
    const zone = await call(baseUrl, `zoneInformation?user=${demoUser.username}`);
    expect(zone.status).toBe(200);
    // The hour's record outlives the connection it was made under.
    const [hour] = await service.usageHistory({ hours: 1 });
    expect(hour?.calls.refused).toBe(5);
  });

  it('tests a connection with a wrong secret and says so in words, without the secret', async () => {
    await simulatorAt(0);
    const { service, firstReading } = await startService();
    await firstReading;

    const wrong = await seenAs(
      service.testConnection({ ...connection, autotaskBaseUrl: simulator.baseUrl, secret: wrongSecret }),
    );
    expect(wrong).toEqual({
      ok: false,
      kind: 'bad-credentials',
      message: `Autotask did not accept the API secret for ${demoUser.username}. Check the secret, or generate a new one for this API user in Autotask.`,
    });

    expect(await seenAs(service.testConnection())).toEqual({ ok: true, used: 2, limit: 10_000, timeframeMinutes: 60 });
    const stranger = await seenAs(
      service.testConnection({ ...connection, username: 'nobody@example.com', autotaskBaseUrl: simulator.baseUrl }),
    );
    expect(stranger).toMatchObject({
      ok: false,
      kind: 'unknown-user',
      message: expect.stringContaining('nobody@example.com'),
    });
    const offline = await seenAs(
      service.testConnection({ ...connection, autotaskBaseUrl: 'http://127.0.0.1:1/ATServicesRest/' }),
    );
    expect(offline).toMatchObject({ ok: false, kind: 'offline' });
    const invalid = await seenAs(service.testConnection({ ...connection, autotaskBaseUrl: 'ftp://example.com/' }));
    expect(invalid).toMatchObject({
      ok: false,
      kind: 'invalid',
      message: expect.stringContaining('Autotask API address'),
    });
  });

  it('waits for a secret before watching a live connection, and watches once one is given', async () => {
    await simulatorAt(0);
    const { service, snapshots } = await startService({ secret: '' });
    const waiting = await seenAs(service.snapshot());
    expect(waiting.usage).toEqual({ known: false, why: expect.stringContaining('No API secret is stored') });
    expect(waiting.gateway.baseUrl).toBeUndefined();
    expect(waiting.secretKeeping).toBe('none');
    expect(await seenAs(service.getConnection())).toMatchObject({ secretStored: false, secretKeeping: 'none' });

    const refused = await seenAs(service.updateConnection({ ...connection, autotaskBaseUrl: simulator.baseUrl }));
    expect(refused).toMatchObject({ ok: false, problems: [{ field: 'connection.secret' }] });

    const saved = await seenAs(
      service.updateConnection({ ...connection, autotaskBaseUrl: simulator.baseUrl, secret: demoUser.secret }),
    );
    expect(saved).toMatchObject({ ok: true, value: { secretStored: true, secretKeeping: 'memory' } });
    await nextReading(service);
    // The snapshot says the secret lives in memory only, so the UI can say it will not survive a restart.
    expect(await seenAs(service.snapshot())).toMatchObject({ usage: { known: true }, secretKeeping: 'memory' });
    expect(snapshots.at(-1)?.gateway.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
  });

  it('watches the demo tenant while no connection is set up, and says so', async () => {
    await simulatorAt(0);
    const demo = { autotaskBaseUrl: simulator.baseUrl, credentials: { ...connection, secret: demoUser.secret } };
    const { service, firstReading } = await startService({
      settings: { ...defaultSettings, gateway: { ...defaultSettings.gateway, port: 0 } },
      secret: '',
      demo,
    });
    await firstReading;
    const snapshot = await seenAs(service.snapshot());
    expect(snapshot.mode).toBe('demo');
    expect(snapshot.usage.known).toBe(true);
    expect(await seenAs(service.getConnection())).toMatchObject({ username: '', secretStored: false });
  });

  it('pauses and resumes notifications, and refuses a pause out of range', async () => {
    await simulatorAt(0);
    const { service, clock } = await startService();
    const paused = await seenAs(service.updateNotifications({ pauseForMinutes: 30 }));
    expect(paused).toEqual({ ok: true, value: { enabled: true, pausedUntil: clock.now() + 30 * 60_000 } });
    expect(await service.getNotifications()).toEqual({ enabled: true, pausedUntil: clock.now() + 30 * 60_000 });
    expect(await seenAs(service.updateNotifications({ resume: true }))).toEqual({ ok: true, value: { enabled: true } });
    expect(await seenAs(service.updateNotifications({ enabled: false }))).toEqual({
      ok: true,
      value: { enabled: false },
    });
    expect(await seenAs(service.updateNotifications({ pauseForMinutes: 0 }))).toMatchObject({
      ok: false,
      problems: [{ field: 'notifications.pauseForMinutes' }],
    });
  });

  it('answers the calls it holds when stopped, and writes the history', async () => {
    await simulatorAt(9_300);
    const historyFile = join(mkdtempSync(join(tmpdir(), 'headroom-history-')), 'history.json');
    cleanups.push(() => rmSync(dirname(historyFile), { recursive: true, force: true }));
    const { service, firstReading } = await startService({ historyStore: new FileHistoryStore(historyFile) });
    await firstReading;
    const baseUrl = (await service.snapshot()).gateway.baseUrl ?? '';
    const held = call(baseUrl, 'Tickets/1');
    while ((await service.gatewayStats()).waiting === 0) await new Promise(setImmediate);

    await service.stop();

    expect((await held).status).toBe(429);
    const history = JSON.parse(readFileSync(historyFile, 'utf8')) as {
      hours: Array<{ polls: number; calls: { refused: number } }>;
    };
    expect(history.hours.at(-1)).toMatchObject({ polls: 1, calls: { refused: 1 } });
    expect((await service.snapshot()).usage).toEqual({
      known: false,
      why: 'Headroom has stopped watching the tenant.',
    });
  });

  it('starts from the defaults on a damaged settings file, and says so', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'headroom-service-'));
    cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
    writeFileSync(join(directory, 'settings.json'), '{"version": 2,');
    const problems: string[] = [];
    const service = new HeadroomService({
      settingsStore: new FileSettingsStore({ directory }),
      secretStore: new MemorySecretStore(),
      clock: new VirtualClock(),
      onProblem: (problem) => problems.push(problem),
    });
    await service.start();
    cleanups.push(() => service.stop());
    expect(problems).toEqual([
      expect.stringMatching(/^The saved settings file is damaged .* kept as settings\.json\.set-aside-/),
    ]);
    expect(await service.getThresholds()).toEqual(defaultSettings.throttle);
    expect((await service.snapshot()).mode).toBe('demo');
  });

  it('gives the last hours of history, and refuses a span it does not keep', async () => {
    await simulatorAt(0);
    const { service, firstReading } = await startService();
    await firstReading;
    const rows = await seenAs(service.usageHistory({ hours: 24 }));
    expect(rows).toHaveLength(24);
    expect(rows.at(-1)?.polls).toBe(1);
    await expect(service.usageHistory({ hours: 169 })).rejects.toThrow(InvalidRequestError);
    await expect(service.usageHistory({ hours: 1.5 })).rejects.toThrow(/whole number from 1 to 168/);
  });
});
