import { describe, expect, it } from 'vitest';
import { sleepOn } from '../../electron/autotask/http-call';
import { VirtualClock } from '../support/virtual-clock';
import { startSimulator } from '../../electron/simulator';
import { thresholdCall, useSimulator, zoneInformationCall } from './simulator-harness';

const { sent, fault, clientWith } = useSimulator();

describe('timeouts', () => {
  it('gives up on a call that never answers, and does not repeat a write', async () => {
    await fault({ kind: 'timeout', path: 'Tickets' });
    const { client } = clientWith({ timeoutMs: 200 });
    await expect(client.create('Tickets', { title: 'stuck' })).rejects.toMatchObject({
      kind: 'timeout',
      userMessage: 'Autotask did not answer within 1 s.',
    });
    expect(sent.filter((call) => call.startsWith('POST'))).toHaveLength(1);
  });

  it('tries a read again after a timeout', async () => {
    await fault({ kind: 'timeout', path: 'ThresholdInformation', count: 1 });
    const { client, waits } = clientWith({ timeoutMs: 200 });
    await expect(client.thresholdInformation()).resolves.toMatchObject({ limit: 10000 });
    expect(sent).toEqual([zoneInformationCall, thresholdCall, thresholdCall]);
    expect(waits).toHaveLength(1);
  });

  it('times out even when the caller passed a signal of its own', async () => {
    await fault({ kind: 'timeout', path: 'ThresholdInformation', count: 3 });
    const { client } = clientWith({ timeoutMs: 150 });
    const caller = new AbortController();
    await expect(client.thresholdInformation({ signal: caller.signal })).rejects.toMatchObject({ kind: 'timeout' });
  });
});

describe('cancellation', () => {
  it('stops a call in flight at once when the caller aborts, reported as aborted, not as a timeout', async () => {
    await fault({ kind: 'slow', path: 'ThresholdInformation', delayMs: 10_000 });
    const { client } = clientWith({ timeoutMs: 5_000 });
    await client.zoneUrl();
    const caller = new AbortController();
    const started = performance.now();
    const call = client.thresholdInformation({ signal: caller.signal });
    setTimeout(() => caller.abort(), 50);
    await expect(call).rejects.toMatchObject({ kind: 'aborted', userMessage: 'The call to Autotask was cancelled.' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { client } = clientWith();
    await client.zoneUrl();
    await expect(client.get('Tickets', 1, { signal: AbortSignal.abort() })).rejects.toMatchObject({ kind: 'aborted' });
    expect(sent).toEqual([zoneInformationCall]);
  });

  it('stops the wait before a retry when the caller aborts', async () => {
    const clock = new VirtualClock();
    const sleep = sleepOn(clock);
    let slept = false;
    const short = sleep(1_000).then(() => (slept = true));
    clock.advance(999);
    await Promise.resolve();
    expect(slept).toBe(false);
    clock.advance(1);
    await short;
    const caller = new AbortController();
    const long = sleep(60_000, caller.signal);
    caller.abort();
    await expect(long).rejects.toMatchObject({ kind: 'aborted' });
    expect(clock.pendingTimers).toBe(0);
    await expect(sleep(10, AbortSignal.abort())).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('network errors', () => {
  it('reports a server that refuses connections, naming the host, after retrying the read', async () => {
    const gone = await startSimulator({ latency: false });
    await gone.close();
    const { client, waits } = clientWith({ baseUrl: gone.baseUrl });
    const error = await client.thresholdInformation().catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'network',
      message: expect.stringContaining('ECONNREFUSED'),
      userMessage: `Could not reach Autotask at 127.0.0.1:${gone.port}. Check the network connection.`,
    });
    expect(waits).toHaveLength(2);
  });
});
