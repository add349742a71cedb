import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { demoUser } from '../../electron/simulator';
import { errorsOf, startTestSimulator, type TestSimulator } from './harness';

const rmm = { username: 'rmm@msp.example', secret: 'rmm-secret', integrationCode: 'RMMSYNC' };
let sim: TestSimulator;

beforeEach(async () => {
  // Every call takes a virtual second, so calls stay in flight until the test moves the clock.
  sim = await startTestSimulator({ baseLatencyMs: 1000, latency: false, users: [demoUser, rmm] });
});
afterEach(() => sim.close());

describe('the thread limit', () => {
  it('refuses a 4th concurrent call of one integration code on one entity, and nothing else', async () => {
    const held = [
      sim.call('Tickets/70001'),
      sim.call('Tickets/query', { body: { filter: [{ op: 'exist', field: 'id' }] } }),
    ];
    held.push(sim.call('Tickets/70002'));
    await sim.clock.timersPending(3);

    const fourth = await sim.call('Tickets/70003');
    expect(fourth.status).toBe(429);
    expect(errorsOf(fourth)[0]).toContain('The Autotask API thread threshold of 3 threads has been exceeded');
    expect(errorsOf(fourth)[0]).toContain('Itgenatr005');

    held.push(sim.call('Companies/1001'), sim.call('Tickets/70004', { user: rmm }));
    await sim.clock.timersPending(5);
    await sim.clock.advanceAsync(1000);
    expect((await Promise.all(held)).map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);

    const stats = await sim.stats();
    expect(stats.threadRejections).toBe(1);
    expect(stats.totalRequests).toBe(5);
  });

  it('gives the thread back when the call is answered', async () => {
    const first = [1, 2, 3].map(() => sim.call('ThresholdInformation'));
    await sim.clock.timersPending(3);
    await sim.clock.advanceAsync(1000);
    await Promise.all(first);
    const again = [1, 2, 3].map(() => sim.call('ThresholdInformation'));
    await sim.clock.timersPending(3);
    await sim.clock.advanceAsync(1000);
    expect((await Promise.all(again)).map((answer) => answer.status)).toEqual([200, 200, 200]);
  });

  it("counts a ticket's child notes as TicketNotes, not as Tickets", async () => {
    const held = [sim.call('Tickets/70001/Notes'), sim.call('Tickets/70002/Notes'), sim.call('TicketNotes/200001')];
    await sim.clock.timersPending(3);
    expect((await sim.call('TicketNotes/200002')).status).toBe(429);
    held.push(sim.call('Tickets/70001'));
    await sim.clock.timersPending(4);
    await sim.clock.advanceAsync(1000);
    expect((await Promise.all(held)).map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
  });
});
