import type { Clock, TimerId } from '../../core/clock';

export type DemoPhaseName = 'quiet' | 'climb' | 'plateau' | 'fall';

export interface DemoPhase {
  name: DemoPhaseName;
  seconds: number;
  /**
   * The other integrations' share of the window at the end of the phase, in percent of the limit, reached in a
   * straight line from wherever it stood. The demo's own workload and polls come on top.
   */
  othersPercent: number;
}

/**
 * One lap of 2 min 40 s, for the default thresholds (slow 75%, sleep 90%, resume below 70%, critical stop 98%) with
 * Headroom's own calls adding up to 5% of the limit: normal at first; slowed, then asleep, before the climb ends; on
 * the plateau a Wake Up is put back to sleep once demoWakeGraceSeconds are over, and the total stays some 2% below
 * the critical stop; the fall resumes about half-way down. The first lap's quiet phase starts from an empty window.
 */
export const demoTourPhases: readonly DemoPhase[] = [
  { name: 'quiet', seconds: 20, othersPercent: 40 },
  { name: 'climb', seconds: 40, othersPercent: 91 },
  { name: 'plateau', seconds: 60, othersPercent: 91 },
  { name: 'fall', seconds: 40, othersPercent: 40 },
];

/** The simulator's lever on the other integrations' load (Simulator and TenantUsage both have it). */
export interface OthersLoad {
  setBackgroundLevel(share: number, rampMs: number): void;
}

export interface DemoTourPosition {
  phase: DemoPhaseName;
  /** 1 for the first time round. */
  lap: number;
  startedAt: number;
  endsAt: number;
}

export interface DemoTour {
  current(): DemoTourPosition;
  /** The others' load stays where it is; only the schedule stops. */
  stop(): void;
}

export interface DemoTourOptions {
  clock: Clock;
  others: OthersLoad;
  phases?: readonly DemoPhase[];
}

/** Starts the first phase now and loops through the phases until stopped. */
export function startDemoTour({ clock, others, phases = demoTourPhases }: DemoTourOptions): DemoTour {
  if (phases.length === 0 || phases.some((phase) => !(phase.seconds > 0))) {
    throw new RangeError('a demo tour needs at least one phase, each lasting more than 0 seconds');
  }
  let index = 0;
  let position: DemoTourPosition;
  let timer: TimerId | undefined;

  const enter = (lap: number) => {
    const phase = phases[index] as DemoPhase;
    const lengthMs = phase.seconds * 1000;
    const now = clock.now();
    position = { phase: phase.name, lap, startedAt: now, endsAt: now + lengthMs };
    others.setBackgroundLevel(phase.othersPercent / 100, lengthMs);
    timer = clock.setTimeout(() => {
      index = (index + 1) % phases.length;
      enter(index === 0 ? lap + 1 : lap);
    }, lengthMs);
  };
  enter(1);

  return {
    current: () => position,
    stop() {
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
    },
  };
}
