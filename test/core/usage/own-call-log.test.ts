import { describe, expect, it } from 'vitest';
import { OwnCallLog } from '../../../electron/core/usage/own-call-log';

const HOUR = 3_600_000;

describe('OwnCallLog', () => {
  it('counts calls in half-open intervals, to the millisecond', () => {
    const log = new OwnCallLog(2 * HOUR);
    log.record(1_000);
    log.record(1_500, 2);
    log.record(2_000);
    expect(log.countBetween(0, 1_000)).toBe(1);
    expect(log.countBetween(1_000, 1_500)).toBe(2);
    expect(log.countBetween(1_499, 2_000)).toBe(3);
    expect(log.countBetween(2_000, 1_000)).toBe(0);
    expect(log.firstCallAfter(1_000)).toBe(1_500);
    expect(log.firstCallAfter(2_000)).toBeUndefined();
  });

  it('keeps order when a call is reported late', () => {
    const log = new OwnCallLog(2 * HOUR);
    log.record(5_000);
    log.record(3_000);
    expect(log.countBetween(0, 4_000)).toBe(1);
    expect(log.firstCallAfter(0)).toBe(3_000);
  });

  it('forgets calls older than it keeps, however many were made', () => {
    const log = new OwnCallLog(HOUR);
    for (let at = 0; at <= 3 * HOUR; at += 1_000) log.record(at);
    expect(log.countBetween(2 * HOUR, 3 * HOUR)).toBe(3_600);
    expect(log.countBetween(-1, HOUR)).toBe(0);
  });
});
