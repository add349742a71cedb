import { describe, expect, it } from 'vitest';
import { nowOrLater, withdrawable } from '../../electron/core/now-or-later';

describe('nowOrLater', () => {
  it('gives an answer that came before start returned as it is, with no promise', () => {
    const result = nowOrLater<number | undefined>((settle) => {
      settle(undefined);
      return () => {};
    });
    expect(result).toEqual({ now: undefined });
  });

  it('gives a later answer as a promise, and hands on the way to withdraw', async () => {
    let settle: ((value: string) => void) | undefined;
    let withdrawn = 0;
    const result = nowOrLater<string>((answer) => {
      settle = answer;
      return () => withdrawn++;
    });
    if (!('withdraw' in result)) throw new Error('expected an answer to come later');
    result.withdraw();
    expect(withdrawn).toBe(1);
    settle?.('went');
    await expect(result.value).resolves.toBe('went');
  });
});

describe('withdrawable', () => {
  it('rejects at once when withdrawn, and leaves the promise it waits for alone', async () => {
    let resolve: ((value: string) => void) | undefined;
    const shared = new Promise<string>((done) => (resolve = done));
    const first = withdrawable(shared, () => new Error('went away'));
    const second = withdrawable(shared, () => new Error('went away'));
    first.withdraw();
    await expect(first.value).rejects.toThrow('went away');
    resolve?.('zone');
    await expect(second.value).resolves.toBe('zone');
    await expect(shared).resolves.toBe('zone');
  });
});
