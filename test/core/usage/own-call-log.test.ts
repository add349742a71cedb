import { describe, expect, it } from 'vitest';
import { OwnCallLog } from '../../../electron/core/usage/own-call-log';

const HOUR = 3_600_000;

describe('OwnCallLog', () => {
  it('counts calls in half-open intervals, to the millisecond', () => {
    const log = new OwnCallLog(2 * HOUR);
    log.record(1_000);
    log.record(1_500);
    log.record(1_500);
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

  describe('remove', () => {
    it('takes back one call from the middle of the log', () => {
      const log = new OwnCallLog(2 * HOUR);
      for (const at of [1_000, 2_000, 3_000]) log.record(at);
      // The second call recorded: its place among them all is 1.
      expect(log.remove(2_000)).toBe(1);
      expect(log.countBetween(0, 5_000)).toBe(2);
      expect(log.countBetween(1_000, 2_999)).toBe(0);
      expect(log.firstCallAfter(1_000)).toBe(3_000);
      expect(log.countUpTo(3_000)).toBe(2);
    });

    it('takes back nothing for a time no call was made at', () => {
      const log = new OwnCallLog(2 * HOUR);
      log.record(1_000);
      log.record(3_000);
      expect(log.remove(2_000)).toBeUndefined();
      expect(log.remove(999)).toBeUndefined();
      expect(log.remove(3_001)).toBeUndefined();
      expect(log.countBetween(0, 5_000)).toBe(2);
      expect(new OwnCallLog(HOUR).remove(1_000)).toBeUndefined();
    });

    it('takes back one call at a time when several were made in the same millisecond', () => {
      const log = new OwnCallLog(2 * HOUR);
      for (const at of [1_000, 2_000, 2_000, 3_000]) log.record(at);
      // The last one recorded goes first: a reading taken between the two holds the first, not the second.
      expect(log.remove(2_000)).toBe(2);
      expect(log.countBetween(1_999, 2_000)).toBe(1);
      expect(log.remove(2_000)).toBe(1);
      expect(log.countBetween(1_999, 2_000)).toBe(0);
      expect(log.remove(2_000)).toBeUndefined();
      expect(log.countBetween(0, 5_000)).toBe(2);
    });

    it('cannot take back a call it has already forgotten', () => {
      const log = new OwnCallLog(HOUR);
      for (let at = 0; at <= 3 * HOUR; at += 1_000) log.record(at);
      expect(log.remove(0)).toBeUndefined();
      expect(log.remove(3 * HOUR)).toBe(3 * 3_600);
      expect(log.countBetween(2 * HOUR, 3 * HOUR)).toBe(3_599);
      expect(log.firstCallAfter(3 * HOUR - 1_000)).toBeUndefined();
    });
  });
});
