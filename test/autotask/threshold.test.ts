import { describe, expect, it } from 'vitest';
import { readThresholdInformation } from '../../electron/autotask/threshold';

const answer = { externalRequestThreshold: 10000, requestThresholdTimeframe: 60, currentTimeframeRequestCount: 1234 };

describe('readThresholdInformation', () => {
  it('reads the limit, the window and the usage so far', () => {
    expect(readThresholdInformation(answer)).toEqual({ limit: 10000, timeframeMinutes: 60, used: 1234 });
  });

  it('refuses a missing or non-numeric field instead of reading it as zero', () => {
    const missing: Partial<typeof answer> = { ...answer };
    delete missing.currentTimeframeRequestCount;
    expect(() => readThresholdInformation(missing)).toThrow(/currentTimeframeRequestCount/);
    expect(() => readThresholdInformation({ ...answer, currentTimeframeRequestCount: '1234' })).toThrow(
      /currentTimeframeRequestCount.*expected number/,
    );
    expect(() => readThresholdInformation({ ...answer, externalRequestThreshold: null })).toThrow(
      /externalRequestThreshold/,
    );
    for (const body of [null, [], 'text', { ...answer, requestThresholdTimeframe: 0 }]) {
      expect(() => readThresholdInformation(body), JSON.stringify(body)).toThrow(
        expect.objectContaining({ kind: 'malformed-response' }),
      );
    }
  });
});
