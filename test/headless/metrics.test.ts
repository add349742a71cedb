import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../electron/core/usage/history-snapshot';
import { aSnapshot, anHourRow } from './fake-headroom';
import { startFixture, type HostFixture } from './host-fixture';
import { send } from './http-client';
import { parsePrometheusText, valueOf, type MetricFamily } from './prometheus-text';

let fixture: HostFixture;
beforeAll(async () => {
  fixture = await startFixture();
});
afterAll(async () => {
  await fixture.close();
});

async function scrape(): Promise<Map<string, MetricFamily>> {
  const answer = await send(fixture.host.port, '/metrics');
  expect(answer.status).toBe(200);
  expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parsePrometheusText(answer.text);
}

describe('GET /metrics', () => {
  it('carries usage, throttle state and connection health in the Prometheus text format', async () => {
    fixture.fake.current = aSnapshot({ used: 7_912 });
    const metrics = await scrape();
    expect(valueOf(metrics, 'headroom_usage_known')).toBe(1);
    expect(valueOf(metrics, 'headroom_usage_used')).toBe(7_912);
    expect(valueOf(metrics, 'headroom_usage_limit')).toBe(10_000);
    expect(valueOf(metrics, 'headroom_usage_percent')).toBe(79);
    expect(valueOf(metrics, 'headroom_usage_reading_age_seconds')).toBe(12);
    expect(metrics.get('headroom_usage_used')).toMatchObject({ type: 'gauge', help: expect.stringMatching(/\w/) });
    expect(metrics.get('headroom_throttle_state')?.samples).toEqual([
      { labels: { state: 'normal' }, value: 0 },
      { labels: { state: 'slowed' }, value: 1 },
      { labels: { state: 'asleep' }, value: 0 },
    ]);
    expect(valueOf(metrics, 'headroom_throttle_critical_stop')).toBe(0);
    expect(metrics.get('headroom_connection_health')?.samples).toEqual([
      { labels: { health: 'ok' }, value: 0 },
      { labels: { health: 'degraded' }, value: 1 },
      { labels: { health: 'offline' }, value: 0 },
      { labels: { health: 'auth-failed' }, value: 0 },
    ]);
  });

  it('carries this hour’s polls and calls by priority, and the gateway’s calls by integration code', async () => {
    fixture.fake.current = aSnapshot();
    fixture.fake.hours = [anHourRow(fixture.fake.current.at - HOUR_MS), anHourRow(fixture.fake.current.at)];
    const metrics = await scrape();
    expect(valueOf(metrics, 'headroom_polls_this_hour')).toBe(37);
    const thisHour = (priority: string, outcome: string) =>
      valueOf(metrics, 'headroom_gateway_calls_this_hour', { priority, outcome });
    expect(thisHour('critical', 'forwarded')).toBe(30);
    expect(thisHour('normal', 'held')).toBe(4);
    expect(thisHour('background', 'refused')).toBe(1);
    expect(metrics.get('headroom_gateway_calls_this_hour')?.samples).toHaveLength(3 * 4);

    expect(metrics.get('headroom_gateway_calls_total')?.type).toBe('counter');
    const total = (integration_code: string, outcome: string) =>
      valueOf(metrics, 'headroom_gateway_calls_total', { integration_code, outcome });
    expect(total('RMMSYNC', 'forwarded')).toBe(100);
    expect(total('RMMSYNC', 'held')).toBe(5);
    expect(total('RMMSYNC', 'refused')).toBe(2);
    // Quotes, backslashes and line breaks in a caller's integration code are escaped, and read back as sent.
    expect(total('odd "code"\\ with\nbreak', 'forwarded')).toBe(20);
    expect(valueOf(metrics, 'headroom_gateway_calls_in_flight')).toBe(3);
    expect(valueOf(metrics, 'headroom_gateway_calls_waiting')).toBe(4);
    expect(fixture.fake.calls).toContainEqual({ method: 'usageHistory', request: { hours: 1 } });
  });

  it('shows unknown usage as unknown, never as zero, and an hour without a row as none yet', async () => {
    fixture.fake.current = { ...aSnapshot(), usage: { known: false, why: 'No reading yet.' } };
    fixture.fake.hours = [anHourRow(fixture.fake.current.at - HOUR_MS)];
    const metrics = await scrape();
    expect(valueOf(metrics, 'headroom_usage_known')).toBe(0);
    for (const name of ['headroom_usage_used', 'headroom_usage_limit', 'headroom_usage_percent']) {
      expect(metrics.has(name), name).toBe(false);
    }
    expect(valueOf(metrics, 'headroom_polls_this_hour')).toBe(0);
  });

  it('forgets an integration code the gateway no longer reports', async () => {
    fixture.fake.current = aSnapshot();
    expect((await scrape()).get('headroom_gateway_calls_total')?.samples).toHaveLength(2 * 4);
    fixture.fake.current = { ...aSnapshot(), gateway: { ...aSnapshot().gateway, byIntegration: {} } };
    expect((await scrape()).get('headroom_gateway_calls_total')?.samples ?? []).toEqual([]);
  });

  it('answers 500 in words when the figures cannot be read', async () => {
    fixture.fake.failing = 'usageHistory';
    try {
      const answer = await send(fixture.host.port, '/metrics');
      expect(answer.status).toBe(500);
      expect(answer.text).toBe('Headroom could not read its figures for the metrics (its log says why).\n');
    } finally {
      fixture.fake.failing = undefined;
    }
  });
});

describe('the test’s exposition reader', () => {
  it('refuses what is off the format', () => {
    expect(() => parsePrometheusText('no_newline 1')).toThrow(/line feed/);
    expect(() => parsePrometheusText('bad-name 1\n')).toThrow(/no value/);
    expect(() => parsePrometheusText('a{l="v} 1\n')).toThrow(/not closed/);
    expect(() => parsePrometheusText('a 1\nb 1\na 2\n')).toThrow(/not together/);
    expect(() => parsePrometheusText('a 1\n# TYPE a gauge\n')).toThrow(/too late/);
    expect(() => parsePrometheusText('a one\n')).toThrow(/not a number/);
    expect(parsePrometheusText('# HELP a x\\ny\n# TYPE a gauge\na{l="q\\"\\\\"} +Inf\n').get('a')).toEqual({
      help: 'x\ny',
      type: 'gauge',
      samples: [{ labels: { l: 'q"\\' }, value: Infinity }],
    });
  });
});
