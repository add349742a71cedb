import { z } from 'zod';
import { readShape } from './read-answer';
import type { UsageFigures } from '../core/usage/sample';

/** The tenant-wide usage Autotask reports: `used` requests so far in the rolling window of `timeframeMinutes`. */
export type ThresholdInformation = UsageFigures;

const count = z.number().int().nonnegative();
const thresholdSchema = z.object({
  externalRequestThreshold: count,
  requestThresholdTimeframe: z.number().positive(),
  currentTimeframeRequestCount: count,
});

/** Unknown usage must never read as zero usage, so every field has to be there and be a number. */
export function readThresholdInformation(json: unknown): ThresholdInformation {
  const answer = readShape(thresholdSchema, json, 'ThresholdInformation');
  return {
    limit: answer.externalRequestThreshold,
    timeframeMinutes: answer.requestThresholdTimeframe,
    used: answer.currentTimeframeRequestCount,
  };
}
