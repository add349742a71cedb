import { promises as fs } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { VirtualClock } from '../support/virtual-clock';
import { UsageHistory } from '../../electron/core/usage/history';
import { HistoryAutosave } from '../../electron/core/usage/history-autosave';
import { FileHistoryStore, HistoryFileError } from '../../electron/service/history-file-store';

const start = Date.UTC(2026, 0, 5, 9, 30);
let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'headroom-history-'));
  path = join(dir, 'history.json');
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** One run of the app: a history kept in the file at `path`. */
async function run(clock: VirtualClock) {
  const history = new UsageHistory(clock);
  const problems: string[] = [];
  const autosave = new HistoryAutosave({
    history,
    store: new FileHistoryStore(path, clock),
    clock,
    onProblem: (message) => problems.push(message),
  });
  await autosave.restore();
  return { history, autosave, problems };
}

function snapshotWith(calls: number) {
  const history = new UsageHistory(new VirtualClock(start));
  for (let n = 0; n < calls; n++) {
    history.recordCall({ integrationCode: 'RMM', priority: 'normal', outcome: 'forwarded', at: start });
  }
  return history.snapshot();
}

describe('FileHistoryStore', () => {
  it('has nothing to load, and nothing to complain about, before the first save', async () => {
    await expect(new FileHistoryStore(path).load()).resolves.toBeUndefined();
  });

  it('survives a restart: a new instance on the same file shows the same hours', async () => {
    const clock = new VirtualClock(start);
    const first = await run(clock);
    first.history.recordSample({ used: 7_200, limit: 10_000, timeframeMinutes: 60, takenAt: start });
    first.history.recordCall({
      integrationCode: 'RMM',
      apiUser: 'rmm',
      priority: 'critical',
      outcome: 'held',
      at: start,
    });
    first.history.recordState('slowed', start);
    clock.advance(20 * 60_000);
    await first.autosave.close();

    const second = await run(clock);
    const range = { from: start, to: clock.now() };
    expect(second.history.hours(range)).toEqual(first.history.hours(range));
    expect(second.history.hours(range)[0]?.stateMs.slowed).toBe(20 * 60_000);
    expect(second.problems).toEqual([]);
  });

  it('never lets a save that fails before the rename replace the good file', async () => {
    const store = new FileHistoryStore(path);
    await store.save(snapshotWith(1));
    const good = await readFile(path, 'utf8');
    vi.spyOn(fs, 'rename').mockRejectedValueOnce(Object.assign(new Error('i/o error'), { code: 'EIO' }));
    const failed = store.save(snapshotWith(2));
    await expect(failed).rejects.toThrow(HistoryFileError);
    await expect(failed).rejects.toMatchObject({
      userMessage: `Could not save the usage history to ${path} (EIO).`,
    });
    expect(await readFile(path, 'utf8')).toBe(good);
    expect(await readdir(dir)).toEqual(['history.json']);
  });

  it('never reads a temp file a crash left half written, and clears it away', async () => {
    const store = new FileHistoryStore(path);
    await store.save(snapshotWith(1));
    const halfWritten = JSON.stringify(snapshotWith(5)).slice(0, 40);
    await writeFile(join(dir, 'history.json.4242-1.tmp'), halfWritten);
    const loaded = await new FileHistoryStore(path).load();
    expect(loaded?.hours[0]?.calls.forwarded).toBe(1);
    expect(await readdir(dir)).toEqual(['history.json']);
  });

  it('sets a damaged file aside, says so in words, and saves the new history in its place', async () => {
    await writeFile(path, '{"version":1,"hours":[{"hourSt');
    const clock = new VirtualClock(start);
    const { history, autosave, problems } = await run(clock);
    const aside = 'history.json.corrupt-2026-01-05T09-30-00-000Z';
    expect(problems).toEqual([
      `The usage history at ${path} was damaged and has been set aside as ${aside}; a new history was started. ` +
        'The file is not valid JSON.',
    ]);
    expect(await readFile(join(dir, aside), 'utf8')).toBe('{"version":1,"hours":[{"hourSt');

    history.recordPoll(start);
    await autosave.close();
    const reloaded = await new FileHistoryStore(path).load();
    expect(reloaded?.hours[0]?.polls).toBe(1);
    expect((await readdir(dir)).sort()).toEqual(['history.json', aside]);
  });

  it('sets aside a file in the wrong shape too, naming what was wrong', async () => {
    await writeFile(path, JSON.stringify({ version: 1, hours: [{ hourStart: 'yesterday' }] }));
    const failure = new FileHistoryStore(path, new VirtualClock(start)).load();
    await expect(failure).rejects.toMatchObject({
      setAsidePath: `${path}.corrupt-2026-01-05T09-30-00-000Z`,
      userMessage: expect.stringContaining('hours.0.hourStart'),
    });
  });
});
