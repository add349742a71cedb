import { afterEach, describe, expect, it } from 'vitest';
import type { Notice } from '../../electron/core/notify/notice';
import { HEARTBEAT_MS } from '../../electron/headless/event-stream';
import { VirtualClock } from '../support/virtual-clock';
import { aSnapshot } from './fake-headroom';
import { EventReader } from './event-reader';
import { startFixture, type HostFixture } from './host-fixture';

const throttled: Notice = {
  kind: 'throttled',
  title: 'Throttling started',
  body: 'Tenant usage 9,012 / 10,000 (90%).',
};

let fixture: HostFixture | undefined;
const readers: EventReader[] = [];

afterEach(async () => {
  for (const reader of readers.splice(0)) reader.close();
  await fixture?.close();
  fixture = undefined;
});

async function started(clock?: VirtualClock): Promise<HostFixture> {
  fixture = await startFixture(clock ? { clock } : {});
  return fixture;
}

function listen(port: number): EventReader {
  const reader = EventReader.open(port);
  readers.push(reader);
  return reader;
}

function atOf(item: { data: unknown }): number {
  return (item.data as { at: number }).at;
}

describe('GET /api/events', () => {
  it('sends the current snapshot on connect, then each event as it comes', async () => {
    const { host, fake } = await started();
    const events = listen(host.port);
    expect(await events.status).toBe(200);
    expect(await events.next()).toEqual({ kind: 'event', event: 'snapshotChanged', data: fake.current });
    const newer = aSnapshot({ at: fake.current.at + 1_000, used: 8_000 });
    fake.emit('snapshotChanged', newer);
    fake.emit('notice', throttled);
    expect(await events.next()).toEqual({ kind: 'event', event: 'snapshotChanged', data: newer });
    expect(await events.next()).toEqual({ kind: 'event', event: 'notice', data: throttled });
  });

  it('sends a newer snapshot that came while the first was being read instead of the first', async () => {
    const { host, fake } = await started();
    let release: () => void = () => {};
    const asked = fake.holdNextSnapshot(new Promise((resolve) => (release = resolve)));
    const events = listen(host.port);
    await asked;
    const newer = aSnapshot({ at: fake.current.at + 5_000, used: 8_500 });
    fake.emit('snapshotChanged', newer);
    release();
    expect(await events.next()).toEqual({ kind: 'event', event: 'snapshotChanged', data: newer });
    fake.emit('notice', throttled);
    expect(await events.next()).toEqual({ kind: 'event', event: 'notice', data: throttled });
  });

  it('sends a heartbeat comment every 15 seconds on its clock', async () => {
    const clock = new VirtualClock();
    const { host, fake } = await started(clock);
    const events = listen(host.port);
    await events.next();
    clock.advance(HEARTBEAT_MS - 1);
    fake.emit('notice', throttled);
    expect(await events.next()).toEqual({ kind: 'event', event: 'notice', data: throttled });
    clock.advance(1);
    expect(await events.next()).toEqual({ kind: 'comment', text: 'heartbeat' });
    clock.advance(HEARTBEAT_MS);
    expect(await events.next()).toEqual({ kind: 'comment', text: 'heartbeat' });
  });

  it('ends every stream and stops listening when the host closes', async () => {
    const { host, fake } = await started();
    const events = listen(host.port);
    await events.next();
    expect(fake.listenerCount('snapshotChanged')).toBe(1);
    await host.close();
    await events.ended;
    expect(fake.listenerCount('snapshotChanged')).toBe(0);
    expect(fake.listenerCount('notice')).toBe(0);
  });

  it('keeps sending to every other client while one reads nothing, and gives that one the newest snapshot once it reads', async () => {
    const { host, fake } = await started();
    const stalled = await stalledClient(host.port);
    const healthy = listen(host.port);
    await healthy.next();
    const missed: Notice[] = [];
    for (let at = 1; at <= SNAPSHOTS; at++) {
      fake.emit('snapshotChanged', aSnapshot({ at, why: padding }));
      // The healthy client gets each one while the stalled client's socket stays full.
      expect(atOf(await healthy.nextEvent())).toBe(at);
      if (at % 100 === 50) {
        missed.push({ ...throttled, body: `notice at ${at}` });
        fake.emit('notice', missed.at(-1) as Notice);
        expect((await healthy.nextEvent()).data).toEqual(missed.at(-1));
      }
    }
    stalled.resume();
    const received = await everythingUpTo(stalled, SNAPSHOTS);
    expect(received.notices).toEqual(missed);
    // The socket buffers held a few megabytes' worth; the rest was skipped rather than piled up in the host.
    expect(received.snapshots.length).toBeLessThan(SNAPSHOTS / 2);
    expect(received.snapshots).toEqual([...received.snapshots].sort((a, b) => a - b));
  });

  it('cuts off a client that reads nothing while more notices come than it could be owed', async () => {
    const { host, fake } = await started();
    const stalled = await stalledClient(host.port);
    const healthy = listen(host.port);
    await healthy.next();
    for (let at = 1; at <= SNAPSHOTS; at++) {
      fake.emit('snapshotChanged', aSnapshot({ at, why: padding }));
      await healthy.nextEvent();
    }
    for (let count = 1; count <= 33; count++) fake.emit('notice', { ...throttled, body: `notice ${count}` });
    stalled.resume();
    await stalled.ended;
    for (let count = 1; count <= 33; count++)
      expect((await healthy.nextEvent()).data).toMatchObject({ body: `notice ${count}` });
  });

  it('cuts off a client whose socket stays full from one heartbeat to the next, and lets go of what it held', async () => {
    const clock = new VirtualClock();
    const { host, fake } = await started(clock);
    const stalled = await stalledClient(host.port);
    const healthy = listen(host.port);
    await healthy.next();
    for (let at = 1; at <= SNAPSHOTS; at++) {
      fake.emit('snapshotChanged', aSnapshot({ at, why: padding }));
      await healthy.nextEvent();
    }
    clock.advance(HEARTBEAT_MS);
    expect(await healthy.next()).toEqual({ kind: 'comment', text: 'heartbeat' });
    clock.advance(HEARTBEAT_MS);
    expect(await healthy.next()).toEqual({ kind: 'comment', text: 'heartbeat' });
    // What the socket buffers held still arrives, then the end: the host kept nothing more for it.
    stalled.resume();
    await stalled.ended;
    fake.emit('notice', throttled);
    expect((await healthy.nextEvent()).data).toEqual(throttled);
  });
});

/** 30 MB of snapshots: several times what the loopback socket buffers of a client that reads nothing can hold. */
const SNAPSHOTS = 300;
const padding = 'x'.repeat(100_000);

/** A client that has read its first snapshot and then stops reading. */
async function stalledClient(port: number): Promise<EventReader> {
  const reader = listen(port);
  await reader.next();
  reader.pause();
  return reader;
}

/** What a client reads until the snapshot of clock time `lastAt`: the snapshots' times and the notices. */
async function everythingUpTo(
  reader: EventReader,
  lastAt: number,
): Promise<{ snapshots: number[]; notices: unknown[] }> {
  const snapshots: number[] = [];
  const notices: unknown[] = [];
  while (snapshots.at(-1) !== lastAt) {
    const item = await reader.nextEvent();
    if (item.event === 'notice') notices.push(item.data);
    else snapshots.push(atOf(item));
  }
  return { snapshots, notices };
}
