import { z } from 'zod';
import { connectionKeys, type ConnectionKey } from './connection-news';
import { noticeKinds, type Notice } from './notice';
import { throttleKeys, type ThrottleKey } from './throttle-news';

/** What the policy remembers about one topic: enough to never repeat itself, across a reconnect too. */
export interface TopicMemory<Key extends string> {
  /** The state the user was last told of, or knows of by their own act or by choosing silence. */
  told: Key;
  /** The state now, with what would be said about it. */
  current: { key: Key; bad: boolean; notice?: Notice };
  /** State changes since the user was last told, and when the first of them happened. */
  changes: number;
  firstChangeAt?: number;
  /** Clock times (ms) of the last notification shown on this topic, and of the last bad one. */
  lastShownAt?: number;
  lastBadShownAt?: number;
}

/**
 * The policy's memory. `snapshot()` gives it and the next policy's constructor takes it back: the service hands it
 * from one Monitor to the next when it reconnects, within one run. It is not written to disk, so a new run starts
 * fresh and may say once more what the last run said.
 */
export interface NotificationMemory {
  version: 1;
  throttle: TopicMemory<ThrottleKey>;
  connection: TopicMemory<ConnectionKey>;
}

const time = z.number().int().min(0);

const noticeSchema = z.object({
  kind: z.enum(noticeKinds),
  title: z.string().max(500),
  body: z.string().max(5000),
});

function topicMemorySchema<Key extends string>(keys: readonly [Key, ...Key[]]): z.ZodType<TopicMemory<Key>> {
  return z.object({
    told: z.enum(keys),
    current: z.object({ key: z.enum(keys), bad: z.boolean(), notice: noticeSchema.optional() }),
    changes: z.number().int().min(0),
    firstChangeAt: time.optional(),
    lastShownAt: time.optional(),
    lastBadShownAt: time.optional(),
  });
}

const notificationMemorySchema = z.object({
  version: z.literal(1),
  throttle: topicMemorySchema(throttleKeys),
  connection: topicMemorySchema(connectionKeys),
});

/** A first start: nothing said yet, the throttle running and the connection working. */
export function freshMemory(): NotificationMemory {
  return {
    version: 1,
    throttle: { told: 'running', current: { key: 'running', bad: false }, changes: 0 },
    connection: { told: 'working', current: { key: 'working', bad: false }, changes: 0 },
  };
}

/**
 * A memory handed over back, or a fresh one if there is none or it is unreadable: a lost memory costs at most one
 * repeat. Times after `now` (the clock was set back since) are read as now, so nothing waits longer than a cooldown.
 */
export function restoreNotificationMemory(saved: unknown, now: number): NotificationMemory {
  const parsed = notificationMemorySchema.safeParse(saved);
  if (!parsed.success) return freshMemory();
  const memory = parsed.data;
  for (const topic of [memory.throttle, memory.connection]) {
    if (topic.firstChangeAt !== undefined) topic.firstChangeAt = Math.min(topic.firstChangeAt, now);
    if (topic.lastShownAt !== undefined) topic.lastShownAt = Math.min(topic.lastShownAt, now);
    if (topic.lastBadShownAt !== undefined) topic.lastBadShownAt = Math.min(topic.lastBadShownAt, now);
  }
  return memory;
}
