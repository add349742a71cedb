import { describe, expect, it } from 'vitest';
import { SnapshotPacer } from '../../electron/service/snapshot-pacer';
import { VirtualClock } from '../support/virtual-clock';

function pacerOnVirtualTime() {
  const clock = new VirtualClock();
  const start = clock.now();
  const told: number[] = [];
  const pacer = new SnapshotPacer(clock, () => told.push(clock.now() - start));
  return { clock, told, pacer };
}

describe('when a snapshot is told', () => {
  it('tells moving figures at once, then at most once a second however often they move', () => {
    const { clock, told, pacer } = pacerOnVirtualTime();
    pacer.tellSoon();
    for (let ms = 0; ms < 2_500; ms += 100) {
      clock.advance(100);
      pacer.tellSoon();
    }
    clock.advance(1_000);
    expect(told).toEqual([0, 1_000, 2_000, 3_000]);
  });

  it('tells a change of state at once, with the figures that moved waiting for it', () => {
    const { clock, told, pacer } = pacerOnVirtualTime();
    pacer.tellSoon();
    clock.advance(300);
    pacer.tellSoon();
    clock.advance(200);
    pacer.tellNow();
    clock.advance(5_000);
    expect(told).toEqual([0, 500]);
  });

  it('tells nothing more once stopped', () => {
    const { clock, told, pacer } = pacerOnVirtualTime();
    pacer.tellNow();
    pacer.tellSoon();
    pacer.stop();
    clock.advance(5_000);
    expect(told).toEqual([0]);
  });
});
