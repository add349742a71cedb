import { describe, expect, it } from 'vitest';
import { formatsFor } from '../../../renderer/src/view/format';
import { sentence, stateHeadline, toneOf } from '../../../renderer/src/view/state-view';
import { scenario } from '../../e2e/scenarios';

const now = Date.UTC(2026, 11, 4, 14, 0);
const formats = formatsFor('en-US', 'UTC');

describe('the state line', () => {
  it('gives each state its own tone and word, so it reads without colour', () => {
    const seen = (['normal', 'slowed', 'asleep', 'critical-stop', 'offline'] as const).map((name) => {
      const snapshot = scenario(name, now).snapshot;
      return [toneOf(snapshot), stateHeadline(snapshot, formats, now).title];
    });
    expect(seen).toEqual([
      ['normal', 'Normal'],
      ['slowed', 'Slowed'],
      ['asleep', 'Asleep'],
      ['stopped', 'Critical stop'],
      ['unknown', 'No current reading'],
    ]);
  });

  it('says why with the figures, as a sentence, and since when', () => {
    const snapshot = scenario('slowed', now).snapshot;
    const headline = stateHeadline(snapshot, formats, now);
    expect(headline.detail).toMatch(/^Tenant usage 7,912 \/ 10,000 \(79%\) in the last 60 min: .*paced.*\.$/);
    expect(headline.since).toBe(`since ${formats.clockTime(snapshot.state.since)}`);
  });

  it('in the normal state says how far off slowing is instead of repeating the gauge', () => {
    const headline = stateHeadline(scenario('normal', now).snapshot, formats, now);
    expect(headline.detail).toBe('Calls go straight through. Non-critical calls are slowed from 75% of the limit.');
  });

  it('names a connection woken by hand, leaving until when to the Wake Up card', () => {
    const headline = stateHeadline(scenario('woken', now).snapshot, formats, now);
    expect(headline.title).toBe('Awake (woken by hand)');
    expect(headline.detail).toBe('Woken up by hand: non-critical calls go again, paced.');
  });

  it('makes a clause a sentence without doubling its full stop', () => {
    expect(sentence('tenant usage high')).toBe('Tenant usage high.');
    expect(sentence('Done.')).toBe('Done.');
  });
});
