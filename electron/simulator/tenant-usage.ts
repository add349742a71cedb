import type { Clock } from '../core/clock';
import { BackgroundLoad, backgroundSource, type BackgroundChoice } from './background-load';
import type { LoadProfile, TenantSettings } from './options';
import { RollingWindow } from './rolling-window';

/**
 * The tenant's rolling request count: its integrations' calls plus the generated background load, against the
 * limit and timeframe of the current settings. Every read first brings the background up to now and lets old
 * requests age out, so the count is always the count at clock.now().
 *
 * A shorter timeframe set at run time takes effect at once; a longer one cannot bring back requests that have
 * already aged out.
 */
export class TenantUsage {
  private readonly window = new RollingWindow();
  private background: BackgroundLoad;

  constructor(
    private readonly seed: number,
    private readonly settings: Readonly<TenantSettings>,
    load: LoadProfile,
    private readonly clock: Clock,
  ) {
    this.background = new BackgroundLoad(seed, load, clock.now(), this.timeframeMs);
  }

  get load(): BackgroundChoice {
    return this.background.current;
  }

  count(): number {
    this.catchUp();
    return this.window.count;
  }

  backgroundCount(): number {
    this.catchUp();
    return this.window.countOf(backgroundSource);
  }

  /** Requests in the window per integration code (background load excluded). */
  countsByIntegrationCode(): Record<string, number> {
    this.catchUp();
    const counts = this.window.countsBySource();
    counts.delete(backgroundSource);
    return Object.fromEntries(counts);
  }

  isAtLimit(): boolean {
    return this.count() >= this.settings.limit;
  }

  /** Whole seconds until enough requests have aged out for the next one to pass (at least 1). */
  retryAfterSeconds(): number {
    const now = this.catchUp();
    return Math.max(1, Math.ceil(this.window.msUntilBelow(this.settings.limit, now, this.timeframeMs) / 1000));
  }

  record(integrationCode: string, count = 1): void {
    const now = this.catchUp();
    this.window.record(now, integrationCode, count);
  }

  switchLoad(profile: LoadProfile): void {
    this.background.switchTo(profile, this.window, this.clock.now(), this.settings.limit, this.timeframeMs);
  }

  /**
   * Other integrations keep their share of the window on a straight line from where it stands to `share` of the
   * limit, reached `rampMs` from now; it falls no faster than their calls age out. Until switchLoad or reset.
   */
  setBackgroundLevel(share: number, rampMs = 0): void {
    this.background.holdLevel(share, rampMs, this.window, this.clock.now(), this.settings.limit, this.timeframeMs);
  }

  /** An empty window and the given profile, with its history, as if the simulator had just started. */
  reset(load: LoadProfile): void {
    this.window.clear();
    this.background = new BackgroundLoad(this.seed, load, this.clock.now(), this.timeframeMs);
  }

  private get timeframeMs(): number {
    return this.settings.timeframeMinutes * 60_000;
  }

  private catchUp(): number {
    const now = this.clock.now();
    this.background.fill(this.window, now, this.settings.limit, this.timeframeMs);
    this.window.expire(now, this.timeframeMs);
    return now;
  }
}
