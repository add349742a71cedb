import type { Clock, TimerId } from '../clock';
import type { NotificationSettings } from '../settings/settings';
import type { ThrottleTransition } from '../throttle/state';
import type { ConnectionTransition } from '../usage/connection';
import { connectionFlapping, connectionNews } from './connection-news';
import { restoreNotificationMemory, type NotificationMemory, type TopicMemory } from './memory';
import type { News } from './news';
import type { Notice } from './notice';
import { throttleFlapping, throttleNews } from './throttle-news';
import { formatDuration } from './words';

export interface NotificationPolicyOptions {
  clock: Clock;
  settings: NotificationSettings;
  /** Shows one native notification. Called at once for an event, or later from a clock timer. */
  show: (notice: Notice) => void;
  /** A `snapshot()` from an earlier run; missing or unreadable -> a fresh start. */
  memory?: unknown;
}

type TopicName = 'throttle' | 'connection';

const flapping: Record<TopicName, (changes: number, duration: string) => string> = {
  throttle: throttleFlapping,
  connection: connectionFlapping,
};

/**
 * Decides which native notifications to show. Two topics, the throttle (running / asleep) and the connection
 * (working / offline / credentials rejected), each follow one rule, with cooldown = settings.cooldownMinutes:
 *
 * - Nothing is said while the state matches what the user was last told. This de-duplicates, and after a restart
 *   in the same state (the memory is restored from a snapshot) it keeps quiet.
 * - Bad news (asleep, offline, credentials rejected) is said at once, unless bad news on the same topic was shown
 *   less than a cooldown ago; then it is said when that cooldown ends, if it is still true.
 * - Good news (resumed) is said only once a cooldown has passed since the topic's last notification, if it is
 *   still true then: a resume that does not last is never announced. The connection coming back follows the same
 *   timing but is recorded silently.
 * - So per topic and per cooldown there is at most one bad and one good notification, however fast a value
 *   hovering at a threshold flaps, and within a cooldown of the last change the user has been told the state it
 *   settled in. A notification that comes after several changes says how many there were.
 * - Wake Up and settings changes are the user's own acts: the state they lead to counts as told. A Wake Up also
 *   clears the bad-news cooldown, so that if it does not hold, the user hears at once why it went back to sleep.
 * - Disabled or paused (settings.pausedUntil): nothing is shown, and every change counts as told at once, so
 *   turning notifications back on replays nothing; the tray shows the state meanwhile.
 */
export class NotificationPolicy {
  private settings: NotificationSettings;
  private readonly memory: NotificationMemory;
  private readonly timers = new Map<TopicName, TimerId>();

  constructor(private readonly options: NotificationPolicyOptions) {
    this.settings = options.settings;
    this.memory = restoreNotificationMemory(options.memory, options.clock.now());
    this.reviewAll();
  }

  onThrottleTransition(transition: ThrottleTransition): void {
    this.hear('throttle', this.memory.throttle, throttleNews(transition));
  }

  onConnectionTransition(transition: ConnectionTransition): void {
    this.hear('connection', this.memory.connection, connectionNews(transition));
  }

  updateSettings(settings: NotificationSettings): void {
    this.settings = settings;
    this.reviewAll();
  }

  /** The memory to persist, so a restart does not repeat what was said. */
  snapshot(): NotificationMemory {
    return structuredClone(this.memory);
  }

  dispose(): void {
    for (const timer of this.timers.values()) this.options.clock.clearTimeout(timer);
    this.timers.clear();
  }

  private hear<Key extends string>(topic: TopicName, memory: TopicMemory<Key>, news: News<Key> | undefined): void {
    if (!news) return;
    if (news.byUser) {
      memory.current = { key: news.key, bad: news.bad };
      markTold(memory);
      if (news.byUser === 'wake-up') delete memory.lastBadShownAt;
    } else {
      // A restored memory may already hold the state a restarted controller reports again.
      if (news.key === memory.current.key) return;
      memory.current = { key: news.key, bad: news.bad, ...(news.notice ? { notice: news.notice } : {}) };
      memory.changes += 1;
      memory.firstChangeAt ??= this.options.clock.now();
    }
    this.review(topic);
  }

  private reviewAll(): void {
    this.review('throttle');
    this.review('connection');
  }

  private review(topic: TopicName): void {
    const { clock } = this.options;
    const memory: TopicMemory<string> = this.memory[topic];
    this.cancelTimer(topic);
    if (memory.current.key === memory.told) return;
    const now = clock.now();
    if (this.silenced(now)) return markTold(memory);
    const dueAt = this.dueAt(memory, now);
    if (now < dueAt) {
      this.timers.set(
        topic,
        clock.setTimeout(() => this.review(topic), dueAt - now),
      );
      return;
    }
    const { notice, bad } = memory.current;
    const { changes, firstChangeAt = now } = memory;
    markTold(memory);
    if (!notice) return;
    memory.lastShownAt = now;
    if (bad) memory.lastBadShownAt = now;
    const story = changes > 1 ? ` ${flapping[topic](changes, formatDuration(now - firstChangeAt))}` : '';
    this.options.show({ ...notice, body: notice.body + story });
  }

  private dueAt(memory: TopicMemory<string>, now: number): number {
    const since = memory.current.bad ? memory.lastBadShownAt : memory.lastShownAt;
    return since === undefined ? now : since + this.settings.cooldownMinutes * 60_000;
  }

  private silenced(now: number): boolean {
    const { enabled, pausedUntil } = this.settings;
    return !enabled || (pausedUntil !== undefined && now < pausedUntil);
  }

  private cancelTimer(topic: TopicName): void {
    const timer = this.timers.get(topic);
    if (timer === undefined) return;
    this.options.clock.clearTimeout(timer);
    this.timers.delete(topic);
  }
}

function markTold<Key extends string>(memory: TopicMemory<Key>): void {
  memory.told = memory.current.key;
  memory.changes = 0;
  delete memory.firstChangeAt;
}
