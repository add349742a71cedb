import { describe, expect, it } from 'vitest';
import { refusalAnswer } from '../../electron/gateway/answers';

describe('refusalAnswer', () => {
  it('gives Retry-After in whole seconds and the RateLimit fields of the IETF draft', () => {
    const answer = refusalAnswer({
      reason: 'Held 30 s and not sent: the connection is asleep.',
      retryAfterMs: 4_200,
      figures: { mode: 'asleep', used: 9_350, limit: 10_000, timeframeMinutes: 60 },
    });
    expect(answer.status).toBe(429);
    expect(answer.headers).toEqual([
      'Retry-After',
      '5',
      'RateLimit-Policy',
      '"tenant";q=10000;w=3600',
      'RateLimit',
      '"tenant";r=650;t=5',
    ]);
    expect(answer.message).toBe(
      'Held 30 s and not sent: the connection is asleep. Try again in 5 s. (Headroom: asleep, 9350 of 10000 calls used.)',
    );
  });

  it('never claims a remaining quota it does not know, nor one below zero, nor a wait under a second', () => {
    const unknown = refusalAnswer({ reason: 'Held.', retryAfterMs: 0, figures: { mode: 'normal' } });
    expect(unknown.headers).toEqual(['Retry-After', '1']);
    expect(unknown.message).toBe('Held. Try again in 1 s. (Headroom: usage unknown.)');
    const over = refusalAnswer({
      reason: 'Held.',
      retryAfterMs: 60_000,
      figures: { mode: 'asleep', used: 10_200, limit: 10_000, timeframeMinutes: 60 },
    });
    expect(over.headers).toContain('"tenant";r=0;t=60');
  });
});
