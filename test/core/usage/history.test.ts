import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../support/virtual-clock';
import { KEPT_HOURS, MAX_NAMES_PER_HOUR, OTHERS, UsageHistory } from '../../../electron/core/usage/history';
import { HOUR_MS, readHistorySnapshot } from '../../../electron/core/usage/history-snapshot';

const MIN = 60_000;
const at = (hour: number, minute = 0, second = 0) => Date.UTC(2026, 0, 5, hour, minute, second);

function historyAt(now: number) {
  const clock = new VirtualClock(now);
  return { clock, history: new UsageHistory(clock) };
}

function sample(used: number, limit: number, takenAt: number) {
  return { used, limit, timeframeMinutes: 60, takenAt };
}

describe('UsageHistory: samples and calls by clock hour', () => {
  it("keeps each hour's peak usage as a share of the limit, with the limit at that time", () => {
    const { history } = historyAt(at(10, 30));
    history.recordSample(sample(5_000, 10_000, at(9, 10)));
    history.recordSample(sample(6_000, 10_000, at(9, 50)));
    // The tenant's limit changed: 5,500 of 5,000 is the fuller moment.
    history.recordSample(sample(5_500, 5_000, at(9, 20)));
    history.recordSample(sample(3_000, 10_000, at(10, 5)));
    const [nine, ten] = history.hours({ from: at(9), to: at(11) });
    expect(nine?.peak).toEqual({ used: 5_500, limit: 5_000 });
    expect(ten?.peak).toEqual({ used: 3_000, limit: 10_000 });
  });

  it('gives every hour of the range a row, and an hour never sampled no peak: unknown is not zero', () => {
    const { history } = historyAt(at(10, 30));
    history.recordSample(sample(4_000, 10_000, at(9, 10)));
    const rows = history.hours({ from: at(7, 45), to: at(10, 30) });
    expect(rows.map((row) => row.hourStart)).toEqual([at(7), at(8), at(9), at(10)]);
    expect(rows[0]).not.toHaveProperty('peak');
    expect(rows[0]?.calls).toEqual({ forwarded: 0, held: 0, refused: 0, failed: 0 });
  });

  it('puts a record at the last millisecond of an hour in that hour, and one at the hour in the next', () => {
    const { history } = historyAt(at(11));
    history.recordCall({ integrationCode: 'RMM', priority: 'normal', outcome: 'forwarded', at: at(10) - 1 });
    history.recordCall({ integrationCode: 'RMM', priority: 'normal', outcome: 'forwarded', at: at(10) });
    history.recordPoll(at(10) - 1);
    const [nine, ten] = history.hours({ from: at(9), to: at(11) });
    expect([nine?.calls.forwarded, ten?.calls.forwarded]).toEqual([1, 1]);
    expect([nine?.polls, ten?.polls]).toEqual([1, 0]);
  });

  it('counts our calls by outcome, by priority, by integration code and by API user', () => {
    const { history } = historyAt(at(9, 30));
    const calls = [
      { integrationCode: 'RMM', apiUser: 'rmm@tenant', priority: 'critical', outcome: 'forwarded' },
      { integrationCode: 'RMM', apiUser: 'rmm@tenant', priority: 'normal', outcome: 'held' },
      { integrationCode: 'BACKUP', priority: 'background', outcome: 'refused' },
      { integrationCode: 'BACKUP', priority: 'background', outcome: 'refused' },
      { integrationCode: 'SYNC', apiUser: 'sync@tenant', priority: 'normal', outcome: 'failed' },
    ] as const;
    for (const call of calls) history.recordCall({ ...call, at: at(9, 10) });
    const [row] = history.hours({ from: at(9), to: at(10) });
    expect(row?.calls).toEqual({ forwarded: 1, held: 1, refused: 2, failed: 1 });
    expect(row?.byPriority).toEqual({
      critical: { forwarded: 1, held: 0, refused: 0, failed: 0 },
      normal: { forwarded: 0, held: 1, refused: 0, failed: 1 },
      background: { forwarded: 0, held: 0, refused: 2, failed: 0 },
    });
    expect(row?.byIntegration).toEqual({
      RMM: { forwarded: 1, held: 1, refused: 0, failed: 0 },
      BACKUP: { forwarded: 0, held: 0, refused: 2, failed: 0 },
      SYNC: { forwarded: 0, held: 0, refused: 0, failed: 1 },
    });
    expect(Object.keys(row?.byApiUser ?? {})).toEqual(['rmm@tenant', 'sync@tenant']);
  });

  it('stays bounded however many names callers send, and a name like __proto__ is just a name', () => {
    const { history } = historyAt(at(9, 30));
    for (let n = 0; n < 150; n++) {
      history.recordCall({ integrationCode: `CODE${n}`, priority: 'normal', outcome: 'forwarded', at: at(9, 1) });
    }
    history.recordCall({ integrationCode: '__proto__', priority: 'normal', outcome: 'held', at: at(10, 1) });
    history.recordCall({ integrationCode: 'x'.repeat(5_000), priority: 'normal', outcome: 'held', at: at(10, 1) });
    const [nine, ten] = history.hours({ from: at(9), to: at(11) });
    expect(Object.keys(nine?.byIntegration ?? {})).toHaveLength(MAX_NAMES_PER_HOUR + 1);
    expect(nine?.byIntegration[OTHERS]?.forwarded).toBe(50);
    expect(Object.getPrototypeOf(ten?.byIntegration)).toBe(Object.prototype);
    expect(Object.keys(ten?.byIntegration ?? {}).map((name) => name.length)).toEqual(['[__proto__]'.length, 100]);
  });
});

describe('UsageHistory: time in each throttle state', () => {
  it('splits the time in a state across the hours it spans, up to now', () => {
    const { clock, history } = historyAt(at(9, 30));
    history.recordState('normal', at(9, 30));
    history.recordState('slowed', at(9, 45));
    history.recordState('asleep', at(10, 20));
    clock.advanceTo(at(11, 10));
    const rows = history.hours({ from: at(9), to: at(12) });
    expect(rows.map((row) => row.stateMs)).toEqual([
      { normal: 15 * MIN, slowed: 15 * MIN, asleep: 0 },
      { normal: 0, slowed: 20 * MIN, asleep: 40 * MIN },
      { normal: 0, slowed: 0, asleep: 10 * MIN },
    ]);
  });

  it('counts a state that lasts for days in every hour it covers, and time before the first state nowhere', () => {
    const { clock, history } = historyAt(at(9, 30));
    history.recordState('asleep', at(10));
    clock.advanceTo(at(10) + 3 * 24 * HOUR_MS);
    const rows = history.hours({ from: at(9), to: clock.now() });
    expect(rows[0]?.stateMs).toEqual({ normal: 0, slowed: 0, asleep: 0 });
    expect(rows.slice(1).map((row) => row.stateMs.asleep)).toEqual(Array(72).fill(HOUR_MS));
  });
});

describe('UsageHistory: a week kept', () => {
  it('drops an hour once it is more than 7 days old, and ignores records older than that', () => {
    const { clock, history } = historyAt(at(9, 30));
    history.recordPoll(at(9, 10));
    clock.advanceTo(at(9) + (KEPT_HOURS - 1) * HOUR_MS + HOUR_MS - 1);
    expect(history.snapshot().hours.map((row) => row.hourStart)).toEqual([at(9)]);
    clock.advance(1);
    expect(history.snapshot().hours).toEqual([]);
    history.recordCall({ integrationCode: 'RMM', priority: 'normal', outcome: 'forwarded', at: at(9, 10) });
    expect(history.snapshot().hours).toEqual([]);
  });

  it('never holds more than a week of hours, however long it runs', () => {
    const { clock, history } = historyAt(at(9, 30));
    for (let hour = 0; hour < 10 * 24; hour++) {
      history.recordPoll(clock.now());
      clock.advance(HOUR_MS);
    }
    expect(history.snapshot().hours).toHaveLength(KEPT_HOURS - 1);
  });
});

describe('UsageHistory: snapshot and restore', () => {
  it('round-trips through JSON: a new history restored from a snapshot shows the same table', () => {
    const { clock, history } = historyAt(at(9, 30));
    history.recordSample(sample(7_000, 10_000, at(9, 35)));
    history.recordCall({
      integrationCode: 'RMM',
      apiUser: 'rmm',
      priority: 'critical',
      outcome: 'held',
      at: at(9, 40),
    });
    history.recordPoll(at(9, 36));
    history.recordState('slowed', at(9, 30));
    clock.advanceTo(at(10, 15));
    const stored = JSON.parse(JSON.stringify(history.snapshot())) as unknown;

    const restarted = new UsageHistory(clock);
    restarted.restore(readHistorySnapshot(stored));
    const range = { from: at(9), to: at(11) };
    expect(restarted.hours(range)).toEqual(history.hours(range));
    expect(restarted.hours(range)[1]?.stateMs.slowed).toBe(15 * MIN);
  });

  it('adds restored hours to what was recorded since start, so nothing new is lost', () => {
    const { history: before } = historyAt(at(9, 30));
    before.recordCall({ integrationCode: 'RMM', priority: 'normal', outcome: 'forwarded', at: at(9, 5) });
    before.recordSample(sample(8_000, 10_000, at(9, 5)));
    const { history } = historyAt(at(9, 30));
    history.recordCall({ integrationCode: 'RMM', priority: 'normal', outcome: 'forwarded', at: at(9, 25) });
    history.recordSample(sample(6_000, 10_000, at(9, 25)));
    history.restore(before.snapshot());
    const [row] = history.hours({ from: at(9), to: at(10) });
    expect(row?.byIntegration['RMM']?.forwarded).toBe(2);
    expect(row?.peak).toEqual({ used: 8_000, limit: 10_000 });
  });

  it('refuses a stored history in the wrong shape, naming the field', () => {
    const { history } = historyAt(at(9, 30));
    history.recordPoll(at(9, 5));
    const stored = history.snapshot();
    const broken = structuredClone(stored) as unknown as { hours: Array<{ calls: Record<string, unknown> }> };
    delete broken.hours[0]?.calls['held'];
    expect(() => readHistorySnapshot(broken)).toThrow(/hours\.0\.calls\.held/);
    expect(() => readHistorySnapshot({ version: 2, hours: [] })).toThrow(/version/);
    expect(() => readHistorySnapshot({ ...stored, hours: [{ ...stored.hours[0], hourStart: at(9, 5) }] })).toThrow(
      /hours\.0\.hourStart: must be the start of a clock hour/,
    );
  });
});
