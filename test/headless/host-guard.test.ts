import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../electron/contract';
import { fakeSecret } from './fake-headroom';
import { startFixture, testToken, type HostFixture } from './host-fixture';
import { post, send, type Answer } from './http-client';
import { EventReader } from './event-reader';

let fixture: HostFixture;
let port: number;
beforeAll(async () => {
  fixture = await startFixture();
  port = fixture.host.port;
});
afterAll(async () => {
  await fixture.close();
});

const withToken = { 'X-Headroom-Token': testToken };
const everyKindOfPath = ['/', '/assets/index-abc.js', '/api/snapshot', '/api/events', '/metrics'];

describe('the host refuses what a web page or a rebound name sends, as the gateway does', () => {
  it('refuses a foreign Origin with 403 in words, on every kind of path', async () => {
    for (const origin of ['http://evil.example', 'http://127.0.0.1:1', `https://127.0.0.1:${port}`, 'null']) {
      for (const path of everyKindOfPath) {
        const answer = await send(port, path, { headers: { Origin: origin } });
        expect(answer.status, `${path} from ${origin}`).toBe(403);
        expect(answer.words()).toContain(
          `Headroom takes requests only from its own page (this one came from ${origin}).`,
        );
      }
      const wake = await post(port, 'wakeUp', undefined, { ...withToken, Origin: origin });
      expect(wake.status).toBe(403);
      expect(wake.json()).toEqual({ error: expect.stringContaining('only from its own page') });
    }
    expect(fixture.fake.calls.filter(({ method }) => method === 'wakeUp')).toEqual([]);
  });

  it('takes requests from its own origin, and those that carry none', async () => {
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      expect((await post(port, 'wakeUp', undefined, { ...withToken, Origin: origin })).status, origin).toBe(200);
      expect((await send(port, '/api/snapshot', { headers: { Origin: origin } })).status).toBe(200);
    }
    expect((await send(port, '/metrics')).status).toBe(200);
  });

  it('refuses a Host other than its own address (DNS rebinding) with 403 in words', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, '127.0.0.1', `127.0.0.1:${port + 1}`, '[::1]:1']) {
      for (const path of everyKindOfPath) {
        const answer = await send(port, path, { host });
        expect(answer.status, `${path} for ${host}`).toBe(403);
        expect(answer.words()).toContain(
          `Headroom answers only requests addressed to 127.0.0.1:${port} or localhost:${port} (the Host was "${host}").`,
        );
      }
    }
    const missing = await send(port, '/api/snapshot', { host: null });
    expect(missing.status).toBe(403);
    expect(missing.json()).toEqual({ error: expect.stringContaining('(the Host was missing)') });
  });

  it('refuses what another site embeds without an Origin, but lets a link to the UI be followed', async () => {
    const embedded = await send(port, '/api/snapshot', {
      headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors' },
    });
    expect(embedded.status).toBe(403);
    expect(embedded.json()).toEqual({ error: expect.stringContaining('Sec-Fetch-Site: cross-site') });
    const followed = await send(port, '/', {
      headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate' },
    });
    expect(followed.status).toBe(200);
    const ownPage = await send(port, '/api/snapshot', { headers: { 'Sec-Fetch-Site': 'same-origin' } });
    expect(ownPage.status).toBe(200);
  });
});

describe('the secret', () => {
  it('never appears in any answer: methods, refusals, failures, events, metrics, pages', async () => {
    vi.stubEnv('HEADROOM_SECRET', fakeSecret);
    const answers: Answer[] = [];
    try {
      for (const method of methodNames) {
        answers.push(await post(port, method, undefined, withToken));
        answers.push(await post(port, method, { secret: 'x' }));
      }
      answers.push(
        await post(
          port,
          'updateConnection',
          { autotaskBaseUrl: 'x', username: 'u', integrationCode: 'c', secret: fakeSecret },
          withToken,
        ),
      );
      answers.push(
        await send(port, '/api/updateConnection', {
          method: 'POST',
          headers: withToken,
          body: `{"secret":"${fakeSecret}"`,
        }),
      );
      fixture.fake.failing = 'getConnection';
      answers.push(await post(port, 'getConnection', undefined));
      fixture.fake.failing = undefined;
      for (const path of [
        ...everyKindOfPath.filter((path) => path !== '/api/events'),
        '/nothing-here',
        '/api/nothing',
      ]) {
        answers.push(await send(port, path));
      }
      const events = EventReader.open(port);
      const first = await events.nextEvent();
      fixture.fake.emit('notice', { kind: 'throttled', title: 'Throttling started', body: 'Usage 9,012 / 10,000.' });
      const notice = await events.nextEvent();
      events.close();

      const everything = [
        ...answers.map((answer) => `${JSON.stringify(answer.headers)}\n${answer.text}`),
        JSON.stringify([first, notice]),
      ].join('\n');
      expect(everything).not.toContain(fakeSecret);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
