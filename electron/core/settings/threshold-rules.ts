import type { SettingsProblem } from './problems';
import { throttleLabels } from './schema';
import type { ThrottleSettings } from './throttle-settings';

type Threshold = 'resumeBelowPercent' | 'slowAtPercent' | 'sleepAtPercent' | 'criticalStopAtPercent';

/** `lower` must stay strictly below `upper`; `why` is said to the user with the refusal. */
interface OrderRule {
  lower: Threshold;
  upper: Threshold;
  why: string;
}

/**
 * Together with the ranges in schema.ts (every threshold 1..100, so criticalStopAt <= 100), these keep the
 * controller's states in a sane order: resumeBelow < slowAt < sleepAt < criticalStopAt.
 */
const orderRules: readonly OrderRule[] = [
  {
    lower: 'resumeBelowPercent',
    upper: 'slowAtPercent',
    why: 'a connection that resumes goes at full speed, not straight into slowed',
  },
  { lower: 'slowAtPercent', upper: 'sleepAtPercent', why: 'calls are slowed down before they are stopped' },
  {
    lower: 'sleepAtPercent',
    upper: 'criticalStopAtPercent',
    why: 'critical calls keep flowing after everything else has stopped',
  },
];

/** Why resumeBelow + hysteresis <= slowAt: asleep is the most cautious state, so it must never lift sooner than slowed. */
const hysteresisWhy = 'a sleeping connection must not resume at a usage that would keep a slowed one slowed';

/** Sums of decimal percentages are not exact in floating point (70.1 + 4.9 > 75 by 1e-14). */
const tolerance = 1e-9;

const pathOf = (field: keyof ThrottleSettings) => `throttle.${field}`;

/**
 * The problems with how the thresholds relate to each other. Each is blamed on one field: the one the user just
 * changed when exactly one side of the rule changed (`changed` holds paths such as 'throttle.sleepAtPercent'),
 * otherwise the first-named one, so the message points at what the user touched.
 */
export function thresholdProblems(throttle: ThrottleSettings, changed: ReadonlySet<string>): SettingsProblem[] {
  const broken = orderRules.find((rule) => throttle[rule.lower] >= throttle[rule.upper]);
  if (broken) return [orderProblem(throttle, broken, changed)];
  const gap = throttle.slowAtPercent - throttle.resumeBelowPercent;
  if (throttle.hysteresisPercent > gap + tolerance) return [hysteresisProblem(throttle, changed)];
  return [];
}

function orderProblem(throttle: ThrottleSettings, { lower, upper, why }: OrderRule, changed: ReadonlySet<string>) {
  const blameUpper = changed.has(pathOf(upper)) && !changed.has(pathOf(lower));
  if (blameUpper)
    return {
      field: pathOf(upper),
      message: `${throttleLabels[upper]} must be above ${throttleLabels[lower]} (${percent(throttle[lower])}): ${why}.`,
    };
  return {
    field: pathOf(lower),
    message: `${throttleLabels[lower]} must be below ${throttleLabels[upper]} (${percent(throttle[upper])}): ${why}.`,
  };
}

function hysteresisProblem(throttle: ThrottleSettings, changed: ReadonlySet<string>): SettingsProblem {
  const { slowAtPercent: slowAt, resumeBelowPercent: resumeBelow, hysteresisPercent: hysteresis } = throttle;
  const labels = throttleLabels;
  const onlyChanged = (field: keyof ThrottleSettings) =>
    (['slowAtPercent', 'resumeBelowPercent', 'hysteresisPercent'] as const).every(
      (other) => changed.has(pathOf(other)) === (other === field),
    );
  if (onlyChanged('resumeBelowPercent'))
    return {
      field: pathOf('resumeBelowPercent'),
      message:
        `${labels.resumeBelowPercent} must be at most ${percent(slowAt - hysteresis)}, ${labels.slowAtPercent} ` +
        `(${percent(slowAt)}) minus ${labels.hysteresisPercent} (${points(hysteresis)}): ${hysteresisWhy}.`,
    };
  if (onlyChanged('slowAtPercent'))
    return {
      field: pathOf('slowAtPercent'),
      message:
        `${labels.slowAtPercent} must be at least ${percent(resumeBelow + hysteresis)}, ${labels.resumeBelowPercent} ` +
        `(${percent(resumeBelow)}) plus ${labels.hysteresisPercent} (${points(hysteresis)}): ${hysteresisWhy}.`,
    };
  return {
    field: pathOf('hysteresisPercent'),
    message:
      `${labels.hysteresisPercent} must be at most ${points(slowAt - resumeBelow)}, the gap between ` +
      `${labels.resumeBelowPercent} (${percent(resumeBelow)}) and ${labels.slowAtPercent} (${percent(slowAt)}): ` +
      `${hysteresisWhy}.`,
  };
}

/** Two decimals at most, so 75 - 70.1 reads 4.9, not 4.900000000000006. */
function decimal(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function percent(value: number): string {
  return `${decimal(value)}%`;
}

function points(value: number): string {
  return `${decimal(value)} ${value === 1 ? 'point' : 'points'}`;
}
