import { describe, expect, it } from 'vitest';
import { WaitingQueue } from '../../../electron/core/throttle/waiting-queue';

describe('WaitingQueue', () => {
  it('is first in, first out, and skips entries taken out from the middle', () => {
    const queue = new WaitingQueue<{ name: string }>();
    const [a, b, c] = [{ name: 'a' }, { name: 'b' }, { name: 'c' }];
    queue.push(a);
    queue.push(b);
    queue.push(c);
    queue.remove(b);
    queue.remove(b);
    expect(queue.size).toBe(2);
    expect(queue.shift()).toBe(a);
    expect(queue.peek()).toBe(c);
    expect(queue.drain()).toEqual([c]);
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it('stays correct across many entries', () => {
    const queue = new WaitingQueue<{ n: number }>();
    const items = Array.from({ length: 5_000 }, (_, n) => ({ n }));
    for (const item of items) queue.push(item);
    for (const item of items) if (item.n % 3 === 0) queue.remove(item);
    const seen: number[] = [];
    for (let item = queue.shift(); item; item = queue.shift()) seen.push(item.n);
    expect(seen).toEqual(items.filter((item) => item.n % 3 !== 0).map((item) => item.n));
  });
});
