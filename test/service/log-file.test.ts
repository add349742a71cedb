import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LOG_FILE_NAME, LogFile } from '../../electron/service/log-file';
import { VirtualClock } from '../support/virtual-clock';

const startedAt = Date.UTC(2026, 11, 8, 3, 0, 0);
const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function folder(): string {
  const directory = mkdtempSync(join(tmpdir(), 'headroom-log-'));
  directories.push(directory);
  return directory;
}

const linesOf = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('the log file', () => {
  it('appends one line per event, the ISO time first, making its folder if need be', () => {
    const clock = new VirtualClock(startedAt);
    const file = join(folder(), 'not-yet', LOG_FILE_NAME);
    const log = new LogFile({ file, clock });

    log.write('service started');
    clock.advance(61_000);
    log.write('throttle normal → slowed (usage): two\nlines');

    expect(linesOf(file)).toEqual([
      '2026-12-08T03:00:00.000Z service started',
      '2026-12-08T03:01:01.000Z throttle normal → slowed (usage): two lines',
    ]);
  });

  it('goes on where an earlier run left off', () => {
    const clock = new VirtualClock(startedAt);
    const file = join(folder(), LOG_FILE_NAME);
    writeFileSync(file, 'an earlier run\n');

    new LogFile({ file, clock }).write('this run');

    expect(linesOf(file)).toEqual(['an earlier run', '2026-12-08T03:00:00.000Z this run']);
  });

  it('moves a full log to .1, keeping the three latest and dropping the oldest', () => {
    const clock = new VirtualClock(startedAt);
    const file = join(folder(), LOG_FILE_NAME);
    // 25 + 7 bytes a line ("2026-12-08T03:00:00.000Z " and "event N\n"): two lines to a file of at most 70 bytes.
    const log = new LogFile({ file, clock, maxBytes: 70 });

    for (let event = 1; event <= 9; event++) log.write(`event ${event}`);

    const events = (path: string) => linesOf(path).map((line) => line.slice(25));
    expect(events(file)).toEqual(['event 9']);
    expect(events(`${file}.1`)).toEqual(['event 7', 'event 8']);
    expect(events(`${file}.2`)).toEqual(['event 5', 'event 6']);
    expect(events(`${file}.3`)).toEqual(['event 3', 'event 4']);
    expect(existsSync(`${file}.4`)).toBe(false);
  });

  it('masks the secrets in force, whatever slipped into an event', () => {
    const clock = new VirtualClock(startedAt);
    const file = join(folder(), LOG_FILE_NAME);
    let secret = 'first-Secret-9f2';
    const log = new LogFile({ file, clock, secrets: () => [secret, undefined, 'ab'] });

    log.write(`refused: ${secret}`);
    secret = 'second-Secret-71c';
    log.write(`refused again: ${secret}, about a tab`);

    expect(linesOf(file).map((line) => line.slice(25))).toEqual([
      'refused: [secret]',
      'refused again: [secret], about a tab',
    ]);
  });

  it('never stops the app when it cannot write: the first failure is told, once, and later lines still go in', () => {
    const clock = new VirtualClock(startedAt);
    const file = join(folder(), LOG_FILE_NAME);
    mkdirSync(file);
    const failures: string[] = [];
    const log = new LogFile({ file, clock, onFailure: (message) => failures.push(message) });

    expect(() => log.write('one')).not.toThrow();
    log.write('two');
    expect(failures).toEqual([expect.stringMatching(/^Headroom could not write its log .*headroom\.log .*goes on/)]);

    rmSync(file, { recursive: true });
    log.write('three');
    expect(linesOf(file)).toEqual(['2026-12-08T03:00:00.000Z three']);
    expect(failures).toHaveLength(1);
  });
});
