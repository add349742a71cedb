import { describe, expect, it } from 'vitest';
import { classifyResponse, type UpstreamAnswer } from '../../electron/autotask/classify-response';
import { AutotaskThrottledError } from '../../electron/autotask/errors';

const errors = (...messages: string[]) => JSON.stringify({ errors: messages });
const answer = (status: number, bodyText = '', headers: UpstreamAnswer['headers'] = {}): UpstreamAnswer => ({
  status,
  headers,
  bodyText,
});
const kindOf = (status: number, bodyText = '', headers: UpstreamAnswer['headers'] = {}) =>
  classifyResponse(answer(status, bodyText, headers))?.kind;

describe('classifyResponse', () => {
  it('lets every 2xx through', () => {
    expect(classifyResponse(answer(200, '{"item":{}}'))).toBeUndefined();
    expect(classifyResponse(answer(204))).toBeUndefined();
  });

  it('reads Autotask status quirks', () => {
    expect(kindOf(401)).toBe('bad-credentials');
    expect(kindOf(403)).toBe('bad-credentials');
    expect(kindOf(500, errors('Invalid ApiIntegrationCode: integration code not recognised'))).toBe('bad-credentials');
    expect(kindOf(500, errors('Zone information could not be determined'))).toBe('unknown-user');
    expect(kindOf(404, errors('No such path'))).toBe('not-found');
    expect(kindOf(500, errors('Title is required.'))).toBe('validation');
    expect(kindOf(400, errors('Bad filter'))).toBe('validation');
    expect(kindOf(500)).toBe('server-error');
    expect(kindOf(503, 'Service Unavailable')).toBe('server-error');
    expect(kindOf(502, '<html>Bad Gateway</html>')).toBe('server-error');
    expect(kindOf(302)).toBe('malformed-response');
  });

  it('recognises the hourly limit by status or by its text, with Retry-After', () => {
    const byStatus = classifyResponse(answer(429, errors('Too many'), { 'Retry-After': '30' }));
    expect(byStatus).toBeInstanceOf(AutotaskThrottledError);
    expect(byStatus).toMatchObject({ kind: 'rate-limited', status: 429, retryAfterMs: 30_000 });
    const byText = classifyResponse(answer(500, errors('The API request threshold has been exceeded.')));
    expect(byText).toMatchObject({ kind: 'rate-limited', status: 500, retryAfterMs: 60_000 });
    expect(byText?.userMessage).toMatch(/API limit.*about 60 s/);
  });

  it('recognises the thread limit by its text or code, whatever the status', () => {
    const text = 'Thread Threshold Exceeded — The Autotask API thread threshold of 3 threads has been exceeded';
    for (const status of [429, 500, 403, 405]) {
      expect(kindOf(status, errors(text)), String(status)).toBe('thread-limit');
    }
    expect(kindOf(500, errors('Itgenatr005'))).toBe('thread-limit');
    expect(kindOf(429, errors({ message: text } as unknown as string))).toBe('thread-limit');
  });

  it('reads Retry-After from fetch Headers and from node:http header records', () => {
    const now = Date.UTC(2026, 0, 5, 9, 0, 0);
    const fromHeaders = classifyResponse(answer(429, '', new Headers({ 'Retry-After': '5' })));
    const fromRecord = classifyResponse(answer(429, '', { 'retry-after': ['Mon, 05 Jan 2026 09:00:10 GMT'] }), {
      nowMs: now,
    });
    expect(fromHeaders).toMatchObject({ retryAfterMs: 5_000 });
    expect(fromRecord).toMatchObject({ retryAfterMs: 10_000 });
  });

  it('puts the call and the server text in the message and cuts out a secret the server echoes', () => {
    const error = classifyResponse(answer(500, errors('Secret s3cr3t-value is not valid for field Title')), {
      context: 'POST Tickets',
      secrets: ['s3cr3t-value', ''],
    });
    expect(error?.message).toBe(
      'POST Tickets: Autotask answered HTTP 500: Secret [redacted] is not valid for field Title',
    );
    expect(error?.userMessage).toBe('Autotask rejected the request: Secret [redacted] is not valid for field Title');
  });
});
