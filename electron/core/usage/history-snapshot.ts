import { z } from 'zod';
import { priorities, type Priority } from '../throttle/priority';
import type { ThrottleMode } from '../throttle/state';
import { UserFacingError } from '../user-facing-error';

/** What became of one of our calls at the gateway. */
export const callOutcomes = ['forwarded', 'held', 'refused', 'failed'] as const;
export type CallOutcome = (typeof callOutcomes)[number];
export type OutcomeCounts = Record<CallOutcome, number>;

export const throttleModes = ['normal', 'slowed', 'asleep'] as const satisfies readonly ThrottleMode[];

export const HOUR_MS = 3_600_000;

/** One clock hour (UTC-aligned) of the table the popover shows, like Autotask's API Activity by Hour. */
export interface HourRow {
  hourStart: number;
  /** The highest sampled usage of the hour (as a share of the limit), with the limit then; absent: never sampled. */
  peak?: { used: number; limit: number };
  /** Usage polls spent in the hour (each is one request of the limit). */
  polls: number;
  /** Our own calls through the gateway, all together and split three ways. */
  calls: OutcomeCounts;
  byPriority: Record<Priority, OutcomeCounts>;
  byIntegration: Record<string, OutcomeCounts>;
  byApiUser: Record<string, OutcomeCounts>;
  /** Milliseconds of the hour spent in each throttle state; time before the first state is known counts nowhere. */
  stateMs: Record<ThrottleMode, number>;
}

export interface HistorySnapshot {
  version: 1;
  hours: HourRow[];
}

/** A stored history that cannot be used as it is. */
export class HistorySnapshotError extends UserFacingError {
  override readonly name = 'HistorySnapshotError';
}

const count = z.number().int().nonnegative();
// Enum-keyed records need every key: a row missing a count is refused, not read as zero.
const outcomeCounts = z.record(z.enum(callOutcomes), count);
const hourRow: z.ZodType<HourRow, unknown> = z.object({
  hourStart: z
    .number()
    .int()
    .refine((ms) => ms % HOUR_MS === 0, 'must be the start of a clock hour'),
  peak: z.object({ used: count, limit: z.number().int().positive() }).optional(),
  polls: count,
  calls: outcomeCounts,
  byPriority: z.record(z.enum(priorities), outcomeCounts),
  byIntegration: z.record(z.string(), outcomeCounts),
  byApiUser: z.record(z.string(), outcomeCounts),
  stateMs: z.record(z.enum(throttleModes), count),
});
const historySnapshot = z.object({ version: z.literal(1), hours: z.array(hourRow) });

/** Checks stored history before it is trusted; the error names the first fields that are wrong. */
export function readHistorySnapshot(json: unknown): HistorySnapshot {
  const result = historySnapshot.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'the file'}: ${issue.message}`)
    .join('; ');
  throw new HistorySnapshotError(`The usage history is not in the expected shape (${problems}).`);
}
