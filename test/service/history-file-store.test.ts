import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
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
    vi.spyOn(fs, 'renameSync').mockImplementationOnce(() => {
      throw Object.assign(new Error('i/o error'), { code: 'EIO' });
    });
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
    const aside = 'history.json.set-aside-2026-01-05T09-30-00-000Z';
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
      setAsidePath: `${path}.set-aside-2026-01-05T09-30-00-000Z`,
      userMessage: expect.stringContaining('hours.0.hourStart'),
    });
  });

  it.skipIf(process.platform === 'win32')(
    'writes the file 0600 in a 0700 folder, and tightens a 0644 one on the next write',
    async () => {
      const folder = join(dir, 'data');
      await mkdir(folder, { mode: 0o755 });
      await chmod(folder, 0o755);
      const inFolder = join(folder, 'history.json');
      await writeFile(inFolder, JSON.stringify(snapshotWith(1)), { mode: 0o644 });
      await chmod(inFolder, 0o644);
      await new FileHistoryStore(inFolder).save(snapshotWith(2));
      expect((await stat(inFolder)).mode & 0o777).toBe(0o600);
      expect((await stat(folder)).mode & 0o777).toBe(0o700);

      const fresh = join(dir, 'new', 'history.json');
      await new FileHistoryStore(fresh).save(snapshotWith(1));
      expect((await stat(fresh)).mode & 0o777).toBe(0o600);
      expect((await stat(join(dir, 'new'))).mode & 0o777).toBe(0o700);
    },
  );
});

/** Root reads any file whatever its mode: the run that must fail to read goes in a process of an unprivileged user. */
const runningAsRoot = process.getuid?.() === 0;
const unprivileged = runningAsRoot ? idsOf('nobody') : undefined;
const unreadableSkip =
  process.platform === 'win32'
    ? 'file modes do not make a file unreadable on Windows'
    : runningAsRoot && !unprivileged
      ? 'running as root with no "nobody" user to read as'
      : undefined;

function idsOf(user: string): { uid: number; gid: number } | undefined {
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    return undefined;
  }
}

describe('FileHistoryStore: a history file it cannot read (permissions)', () => {
  if (unreadableSkip) console.log(`skipped: ${unreadableSkip}`);

  it.skipIf(unreadableSkip !== undefined)(
    'reports it, and after the save on stop the old history is still on disk',
    async () => {
      // The folder is the run's own (it may rename in it); the file in it is not readable by the run.
      await chmod(dir, 0o755);
      const folder = join(dir, 'data');
      await mkdir(folder, { mode: 0o700 });
      const inFolder = join(folder, 'history.json');
      const old = JSON.stringify(snapshotWith(3));
      await writeFile(inFolder, old, { mode: 0o600 });
      if (unprivileged) await chown(folder, unprivileged.uid, unprivileged.gid);
      else await chmod(inFolder, 0o000);

      const tsx = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');
      const { stdout } = await promisify(execFile)(tsx, [join(import.meta.dirname, 'history-file-run.ts'), inFolder], {
        ...(unprivileged ?? {}),
        env: { ...process.env, HOME: folder },
      });
      // The old history is still on disk, beside the new one.
      const names = (await readdir(folder)).sort();
      expect(names).toEqual(['history.json', expect.stringMatching(/^history\.json\.set-aside-/)]);
      const contents = await Promise.all(names.map((name) => readFile(join(folder, name), 'utf8')));
      expect(contents[1]).toBe(old);
      expect(JSON.parse(contents[0] ?? '').hours[0].polls).toBe(1);
      const problems = JSON.parse(stdout) as string[];
      expect(problems).toEqual([
        expect.stringMatching(
          new RegExp(
            `^The usage history at ${inFolder} could not be read \\(EACCES\\) and has been set aside as ` +
              'history\\.json\\.set-aside-[0-9TZ-]+; a new history was started\\.$',
          ),
        ),
      ]);
    },
  );
});
