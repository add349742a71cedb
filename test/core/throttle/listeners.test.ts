import { describe, expect, it } from 'vitest';
import { ListenerSet } from '../../../electron/core/throttle/listeners';

describe('ListenerSet', () => {
  it('delivers an event emitted by a listener after every listener has heard the one before it', () => {
    const events = new ListenerSet<string>();
    const heard: string[] = [];
    // The first listener reacts to "asleep" by changing the state again, as the engine's own listener can.
    events.add((event) => {
      heard.push(`first:${event}`);
      if (event === 'slowed') events.emit('asleep');
    });
    events.add((event) => heard.push(`second:${event}`));
    events.emit('slowed');
    expect(heard).toEqual(['first:slowed', 'second:slowed', 'first:asleep', 'second:asleep']);
  });

  it('lets the other listeners hear an event when one of them throws', async () => {
    const events = new ListenerSet<number>();
    const heard: number[] = [];
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      events.add(() => {
        throw new Error('a broken listener');
      });
      events.add((event) => heard.push(event));
      events.emit(1);
      events.emit(2);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(heard).toEqual([1, 2]);
    expect(uncaught).toHaveLength(2);
  });
});
