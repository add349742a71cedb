import { describe, expect, it } from 'vitest';
import { RoomWatch } from './room-watch';
import { TenantModel } from './tenant';
import type { Call } from './workload';

const HOUR = 3_600_000;
const levels = { sleepAt: 9_000, resumeBelow: 7_000, criticalStopAt: 9_800, retryAfterMs: 60_000 };
const call = (index: number, priority: Call['priority']): Call => ({ index, priority, stream: 0, wantedAt: 0 });

/** A tenant whose window holds `count` requests from the others until `leaveAt`, when they all leave at once. */
function tenantHolding(count: number, leaveAt: number): TenantModel {
  const tenant = new TenantModel(10_000, HOUR, 9_000);
  tenant.request(leaveAt - HOUR, 'others', count);
  return tenant;
}

describe('RoomWatch: resume delay', () => {
  it('counts the seconds below resumeBelow while our non-critical work waits, until one of it is accepted', () => {
    const tenant = tenantHolding(9_500, 10_000);
    const watch = new RoomWatch(tenant, levels);
    const waiting = call(0, 'background');
    watch.wanted(waiting);
    for (let t = 0; t < 10_000; t += 1_000) watch.sample(t); // at sleepAt or above: nothing to resume into yet
    for (let t = 10_000; t < 15_000; t += 1_000) watch.sample(t); // room, and our call waits: 5 s
    watch.accepted(waiting);
    expect(watch.finish()).toMatchObject({ resumeDelayMs: 5_000, resumeDelayOpen: false });
  });

  it('counts nothing while none of our non-critical work waits, and says when the run ended first', () => {
    const tenant = tenantHolding(9_500, 10_000);
    const watch = new RoomWatch(tenant, levels);
    for (let t = 0; t < 20_000; t += 1_000) watch.sample(t);
    const late = call(0, 'normal');
    watch.wanted(late);
    for (let t = 20_000; t < 23_000; t += 1_000) watch.sample(t);
    expect(watch.finish()).toMatchObject({ resumeDelayMs: 3_000, resumeDelayOpen: true });
  });

  it('counts nothing while the window stays at or above resumeBelow: the settings say to wait there', () => {
    const tenant = new TenantModel(10_000, HOUR, 9_000);
    tenant.request(10_000 - HOUR, 'others', 2_000);
    tenant.request(0, 'others', 7_500);
    const watch = new RoomWatch(tenant, levels);
    const waiting = call(0, 'normal');
    watch.wanted(waiting);
    // 9,500 until 10 s, then 7,500: below sleepAt, not yet below resumeBelow.
    for (let t = 0; t < 30_000; t += 1_000) watch.sample(t);
    watch.accepted(waiting);
    expect(watch.finish()).toMatchObject({ resumeDelayMs: 0, resumeDelayOpen: false });
  });

  it('has no resume delay when the window never reached sleepAt', () => {
    const watch = new RoomWatch(tenantHolding(8_000, 10_000), levels);
    watch.wanted(call(0, 'normal'));
    for (let t = 0; t < 20_000; t += 1_000) watch.sample(t);
    expect(watch.finish().resumeDelayMs).toBeUndefined();
  });
});

describe('RoomWatch: critical calls held with room', () => {
  it('gives the room below criticalStopAt to the critical calls that have waited longest', () => {
    // The window holds 9,797 for the whole test: room for 3 below criticalStopAt.
    const watch = new RoomWatch(tenantHolding(9_797, HOUR), levels);
    const critical = Array.from({ length: 10 }, (_, i) => call(i, 'critical'));
    for (const c of critical) watch.wanted(c);
    for (let t = 0; t < 70_000; t += 1_000) watch.sample(t);
    for (const c of critical) watch.accepted(c);
    // Room for 3: the three oldest waited 70 s with room, over the 60 s two readings take; the others had none.
    expect(watch.finish().criticalHeldWithRoom).toBe(3);
  });

  it('does not count time at or above criticalStopAt, nor within Retry-After of a 429 answered to us', () => {
    const tenant = tenantHolding(9_900, 20_000);
    const watch = new RoomWatch(tenant, levels);
    const c = call(0, 'critical');
    watch.wanted(c);
    for (let t = 0; t < 20_000; t += 1_000) watch.sample(t); // at or above criticalStopAt: 0 s
    tenant.lastRejectedAt.ours = 19_000;
    for (let t = 20_000; t < 79_000; t += 1_000) watch.sample(t); // room, but Autotask said wait: 0 s
    for (let t = 79_000; t < 100_000; t += 1_000) watch.sample(t); // 21 s with room: under the grace
    watch.accepted(c);
    expect(watch.finish().criticalHeldWithRoom).toBe(0);
  });
});
