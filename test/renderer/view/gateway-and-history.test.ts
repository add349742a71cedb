import { describe, expect, it } from 'vitest';
import { formatsFor } from '../../../renderer/src/view/format';
import { countCells, gatewaySummary, integrationRows } from '../../../renderer/src/view/gateway-view';
import { historyChart } from '../../../renderer/src/view/history-view';
import { scenario } from '../../e2e/scenarios';

const now = Date.UTC(2026, 11, 4, 14, 0);
const formats = formatsFor('en-US', 'UTC');

describe('calls through the gateway', () => {
  it('lists integrations busiest first, with calls waiting or refused marked', () => {
    const { gateway } = scenario('asleep', now).snapshot;
    const rows = integrationRows(gateway, formats);
    const totals = rows.map((row) => row.cells.reduce((sum, cell) => sum + Number(cell.value.replace(/,/g, '')), 0));
    expect(totals).toEqual([...totals].sort((a, b) => b - a));
    const waiting = countCells(gateway, formats).find((cell) => cell.label === 'Waiting');
    expect(waiting?.attention).toBe(gateway.waiting > 0);
  });

  it('sums sent calls, at once or after a hold, in the line under the gauge', () => {
    const { gateway } = scenario('slowed', now).snapshot;
    expect(gatewaySummary(gateway, formats)).toBe(
      `${formats.count(gateway.forwarded + gateway.held)} sent · ${gateway.waiting} waiting · ${gateway.refused} refused`,
    );
    expect(gatewaySummary({ ...gateway, baseUrl: undefined }, formats)).toBe('The gateway is not listening.');
  });
});

describe('usage by hour', () => {
  it('has a bar per hour, the limit on the scale and the time throttled in words', () => {
    const rows = scenario('normal', now).history;
    const chart = historyChart(rows, formats);
    expect(chart.bars).toHaveLength(24);
    expect(chart.limit).toBe(10_000);
    expect(chart.scaleMax).toBeGreaterThanOrEqual(10_000);
    const throttledMs = rows.reduce((sum, row) => sum + row.stateMs.slowed + row.stateMs.asleep, 0);
    expect(chart.summary).toBe(`Throttled ${formats.duration(throttledMs)} in the last 24 h.`);
  });

  it('leaves an hour never read without a tenant figure, never a zero', () => {
    const chart = historyChart(scenario('normal', now).history, formats);
    const unread = chart.bars.filter((bar) => bar.tenant === undefined);
    expect(unread.length).toBeGreaterThan(0);
    expect(unread.every((bar) => bar.limit === undefined)).toBe(true);
  });

  it('says so when nothing was throttled', () => {
    const quiet = scenario('normal', now).history.map((row) => ({
      ...row,
      stateMs: { normal: 3_600_000, slowed: 0, asleep: 0 },
    }));
    expect(historyChart(quiet, formats).summary).toBe('Not throttled in the last 24 h.');
  });
});
