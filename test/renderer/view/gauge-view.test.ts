import { describe, expect, it } from 'vitest';
import { formatsFor } from '../../../renderer/src/view/format';
import { gaugeView } from '../../../renderer/src/view/gauge-view';
import { scenario } from '../../e2e/scenarios';

const now = Date.UTC(2026, 11, 4, 14, 0);
const formats = formatsFor('en-US', 'UTC');

describe('the gauge', () => {
  it('shows used / limit, the percent and the real window, with the thresholds marked', () => {
    const view = gaugeView(scenario('slowed', now).snapshot, formats, now);
    expect(view).toMatchObject({
      known: true,
      used: '7,912',
      limit: '10,000',
      percent: '79%',
      window: 'Rolling 60 min',
      valueText: '7,912 of 10,000 calls (79%) in the last 60 min',
    });
    expect(view.marks.map((mark) => mark.percent)).toEqual([75, 90, 98]);
  });

  it('tells a fresh reading from an estimate, and ages it between snapshots', () => {
    const normal = scenario('normal', now).snapshot;
    expect(gaugeView(normal, formats, now)).toMatchObject({ freshness: 'Reading, 2 s old' });
    const slowed = scenario('slowed', now).snapshot;
    expect(gaugeView(slowed, formats, now + 5_000)).toMatchObject({ freshness: 'Estimate, last reading 45 s ago' });
  });

  it('says the window of a tenant that is not 60 minutes', () => {
    expect(gaugeView(scenario('demo', now).snapshot, formats, now)).toMatchObject({ window: 'Rolling 1 min' });
  });

  it('never shows an unknown usage as a number', () => {
    const view = gaugeView(scenario('offline', now).snapshot, formats, now);
    expect(view.known).toBe(false);
    expect(view).not.toHaveProperty('used');
    expect(view).toHaveProperty('why', expect.any(String));
  });

  it('keeps the bar inside its track past the limit', () => {
    const snapshot = scenario('critical-stop', now).snapshot;
    const over = { ...snapshot, usage: { ...snapshot.usage, used: 10_400 } } as typeof snapshot;
    expect(gaugeView(over, formats, now)).toMatchObject({ share: 100 });
  });
});
