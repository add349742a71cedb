/**
 * Case 1, "starved after another integration's burst": another integration (its own integration code, calling
 * Autotask directly) makes a burst; a script's calls through the gateway must keep going. The burst raises the
 * count by the burst, not by the burst's rate carried over a whole window.
 */
import { describe, expect, it } from 'vitest';
import { demoUser } from '../../electron/simulator';
import {
  ApiClient,
  batchThroughGateway,
  scriptBatch,
  countKinds,
  describeTransitions,
  gatewayFigures,
  modeChanges,
  otherUser,
  paced,
  percentile,
  report,
  runBatch,
  scaleA,
  scaleB,
  seconds,
  startHost,
  startTenant,
  thresholds,
  watchCount,
  within,
  type CallResult,
} from './harness';

const isOk = (result: CallResult) => result.kind === 'ok';

describe('starved after another integration’s burst', () => {
  it('A (300 per 1 min): a burst of 120 by another integration does not stall our calls or throttle at ~50%', async () => {
    const tenant = await startTenant(scaleA);
    const limit = 300;
    const slowAt = (limit * thresholds.slowAtPercent) / 100;
    const host = await startHost(tenant);
    const { baseUrl, transitions } = host;
    const t0 = Date.now();
    const caseMs = 30_000;
    const watch = watchCount(tenant);
    const other = new ApiClient(tenant.sim.baseUrl, otherUser, 32);
    const script = new ApiClient(baseUrl, demoUser);

    // The script: a normal and a background call in turn, one every 1.5 s, all through the case.
    const scriptPace = 1_500;
    const scriptLoop = paced(
      scriptPace,
      Math.floor(caseMs / scriptPace),
      (i) => script.get(`Tickets/${i + 1}`, i % 2 === 0 ? 'normal' : 'background'),
      t0,
    );
    // The other integration: 120 calls (40% of the limit) at once, 3 in flight on each of three entities...
    const entities = ['Tickets', 'Companies', 'Contacts'];
    const burst = await runBatch(other, {
      count: 120,
      concurrency: 9,
      pathOf: (i, worker) => `${entities[worker % 3]}/${i + 1}`,
    });
    const burstEnd = Date.now();
    const afterBurst = await tenant.stats();
    // ...then one a second.
    const trickle = paced(
      1_000,
      Math.floor((t0 + caseMs - burstEnd) / 1_000),
      (i) => other.get(`Companies/${i + 1}`),
      burstEnd + 1_000,
    );

    await Promise.all([scriptLoop.lastFired, trickle.lastFired]);
    // Calls still open 3 s after the last was sent are held: they count as stalled until now.
    await within(Promise.all([scriptLoop.settled(), trickle.settled()]), 3_000);
    const gatewayAtEnd = gatewayFigures(host);
    script.abortAll();
    other.abortAll();
    await watch.stop();
    const end = await tenant.stats();

    const ours = script.results;
    const kinds = countKinds(ours);
    const others = other.results;
    const otherKinds = countKinds(others);
    // A call is stalled when it is refused or not answered at the pace Autotask answers (+0.5 s latency from 50%).
    const stalled = ours.filter((r) => r.kind !== 'ok' || r.ms > 2_500);
    const stalledUntil = Math.max(burstEnd, ...stalled.map((r) => r.doneAt));
    const resumeMs = stalledUntil - burstEnd;
    const trickleMs = others.filter((r) => r.sentAt > burstEnd).map((r) => r.ms);
    const realMax = watch.max(t0);
    const changes = modeChanges(transitions);
    const phantom = changes.filter((t) => /^(slowed|asleep)/.test(t.to));
    report('1A starved-after-burst (300/1min)', {
      'calls through': `${kinds.ok}/${ours.length} ok (normal ${ours.filter((r) => r.priority === 'normal' && isOk(r)).length}, background ${ours.filter((r) => r.priority === 'background' && isOk(r)).length})`,
      'ours p50/max': `${percentile(
        ours.map((r) => r.ms),
        50,
      )}/${Math.max(...ours.map((r) => r.ms))} ms`,
      'others direct p50/max': `${percentile(trickleMs, 50)}/${Math.max(0, ...trickleMs)} ms`,
      'burst 120 took': seconds(burst.elapsedMs),
      'stalled after burst until': `+${seconds(resumeMs)} (${stalled.length} calls stalled)`,
      'our 429s': `upstream ${kinds['upstream-429']}, gateway ${kinds.refused}, unanswered ${kinds.aborted}`,
      "others' 429s": `${otherKinds['upstream-429']} of ${others.length}`,
      'real count max': `${realMax}/${limit}`,
      'sim 429s served': end.served429,
      'gateway at end': gatewayAtEnd,
      transitions: describeTransitions(transitions, t0),
    });

    // The harness works: the other integration's burst reached the tenant and was counted under its own code.
    expect(burst.results.filter((r) => !isOk(r))).toEqual([]);
    expect(afterBurst.byIntegrationCode[otherUser.integrationCode]).toBe(120);
    // The scenario is what it says: the real count stays around half the limit, well below slowAt.
    expect(realMax).toBeLessThan(slowAt);

    expect.soft(otherKinds['upstream-429'], 'the other integration is never refused').toBe(0);
    expect.soft(kinds['upstream-429'] + kinds.refused + kinds.aborted, 'our calls are all answered, none 429').toBe(0);
    expect
      .soft(resumeMs, 'our calls go at Autotask’s pace again well before the burst ages out')
      .toBeLessThanOrEqual(12_000);
    expect
      .soft(
        phantom.map((t) => `${t.from}->${t.to}: ${t.reason}`),
        'no slowed/asleep at ~50%',
      )
      .toEqual([]);
  }, 60_000);

  it('B (10,000 per 60 min): after another integration’s 1,000 calls, our 1,000 go about as fast as direct', async () => {
    const tenant = await startTenant(scaleB);
    const reference = await startTenant(scaleB);
    const host = await startHost(tenant);
    const { baseUrl, transitions } = host;
    const t0 = Date.now();
    const other = new ApiClient(tenant.sim.baseUrl, otherUser);
    const direct = new ApiClient(reference.sim.baseUrl, demoUser);
    const script = new ApiClient(baseUrl, demoUser);

    // The other integration's 1,000 calls, 3 in flight on each of two entities; meanwhile the same batch the script
    // is about to send goes direct to a second, identical tenant: the pace Autotask answers it at.
    const [burst, directBatch] = await Promise.all([
      runBatch(other, {
        count: 1_000,
        concurrency: 6,
        pathOf: (i, worker) => `${worker % 2 === 0 ? 'Tickets' : 'Companies'}/${(i % 500) + 1}`,
      }),
      runBatch(direct, scriptBatch),
    ]);
    const afterBurst = await tenant.stats();
    const referenceStats = await reference.stats();

    // Right after: the script's 1,000 normal calls through the gateway, 3 at a time.
    const allowedMs = 1.5 * directBatch.elapsedMs + 3_000;
    const { kinds, slowest, figures, viaGateway } = await batchThroughGateway(script, directBatch, allowedMs);
    const end = await tenant.stats();

    const otherKinds = countKinds(burst.results);
    report('1B starved-after-burst (10000/60min)', {
      ...figures,
      'other burst 1000 took': seconds(burst.elapsedMs),
      "others' 429s": `${otherKinds['upstream-429']} of ${burst.results.length}`,
      'real count at end': `${end.windowCount}/10000 (ours ${end.byIntegrationCode[demoUser.integrationCode] ?? 0})`,
      'thread rejections': end.threadRejections,
      gateway: gatewayFigures(host),
      transitions: describeTransitions(transitions, t0),
    });

    // The harness works: both batches went direct without a refusal and were counted where they should be.
    expect(burst.results.filter((r) => !isOk(r))).toEqual([]);
    expect(directBatch.results.filter((r) => !isOk(r))).toEqual([]);
    expect(afterBurst.byIntegrationCode[otherUser.integrationCode]).toBe(1_000);
    expect(referenceStats.byIntegrationCode[demoUser.integrationCode]).toBe(1_000);

    expect.soft(otherKinds['upstream-429'], 'the other integration is never refused').toBe(0);
    expect.soft(kinds.ok, 'all 1,000 answered, none 429').toBe(1_000);
    expect.soft(viaGateway.elapsedMs, 'about as long as direct').toBeLessThanOrEqual(allowedMs);
    expect.soft(slowest, 'no call held more than a few seconds').toBeLessThanOrEqual(3_000);
    expect.soft(end.threadRejections, 'no thread-limit errors').toBe(0);
    expect
      .soft(
        modeChanges(transitions).map((t) => `${t.from}->${t.to}: ${t.reason}`),
        'at 20%',
      )
      .toEqual([]);
  }, 90_000);
});
