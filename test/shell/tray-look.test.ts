import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../electron/contract';
import {
  MAX_TOOLTIP_LENGTH,
  iconFileName,
  levelOf,
  trayLook,
  type TrayIconState,
  type TrayLevel,
} from '../../electron/shell/tray-look';
import { scenario, scenarioNames, type ScenarioName } from '../e2e/scenarios';

const now = Date.UTC(2026, 2, 10, 13, 20);
const snapshotOf = (name: ScenarioName): Snapshot => scenario(name, now).snapshot;

describe('the tray look of each scenario', () => {
  const expected: Record<ScenarioName, { state: TrayIconState; level: TrayLevel; tooltip: string }> = {
    normal: { state: 'normal', level: 25, tooltip: 'Headroom: 3,150 / 10,000 (31%) · Normal' },
    slowed: { state: 'slowed', level: 75, tooltip: 'Headroom: 7,912 / 10,000 (79%) · Slowed' },
    asleep: { state: 'asleep', level: 100, tooltip: 'Headroom: 9,130 / 10,000 (91%) · Asleep' },
    woken: { state: 'slowed', level: 100, tooltip: 'Headroom: 9,160 / 10,000 (91%) · Woken up' },
    'back-to-sleep': { state: 'asleep', level: 100, tooltip: 'Headroom: 9,240 / 10,000 (92%) · Asleep' },
    'critical-stop': { state: 'asleep', level: 100, tooltip: 'Headroom: 9,850 / 10,000 (98%) · Critical stop' },
    offline: { state: 'offline', level: 0, tooltip: 'Headroom: usage unknown · Offline' },
    'auth-failed': { state: 'offline', level: 0, tooltip: 'Headroom: usage unknown · Credentials rejected' },
    demo: { state: 'demo', level: 50, tooltip: 'Headroom (demo): 412 / 1,000 (41%) · Normal' },
    'plain-text-secret': { state: 'normal', level: 25, tooltip: 'Headroom: 3,150 / 10,000 (31%) · Normal' },
  };

  it.each(scenarioNames)('%s', (name) => {
    const { state, level, tooltip } = expected[name];
    expect(trayLook(snapshotOf(name))).toEqual({ icon: { state, level }, tooltip });
  });

  it('shows an offline icon, empty, before the first snapshot', () => {
    expect(trayLook(undefined)).toEqual({
      icon: { state: 'offline', level: 0 },
      tooltip: 'Headroom: waiting for the first reading',
    });
  });
});

describe('trouble first', () => {
  it('shows slowing and sleeping in demo mode, and says it is the demo', () => {
    const demo = snapshotOf('demo');
    const slowed: Snapshot = { ...demo, state: { ...demo.state, mode: 'slowed' } };
    const asleep: Snapshot = { ...demo, state: { ...demo.state, mode: 'asleep' } };
    expect(trayLook(slowed)).toEqual({
      icon: { state: 'slowed', level: 50 },
      tooltip: 'Headroom (demo): 412 / 1,000 (41%) · Slowed',
    });
    expect(trayLook(asleep).icon.state).toBe('asleep');
  });

  it('shows a lost connection over the throttle state, and names a state that still holds calls', () => {
    const asleep = snapshotOf('asleep');
    const lost: Snapshot = { ...asleep, connection: { ...asleep.connection, health: 'auth-failed' } };
    expect(trayLook(lost)).toEqual({
      icon: { state: 'offline', level: 100 },
      tooltip: 'Headroom: 9,130 / 10,000 (91%) · Credentials rejected · Asleep',
    });
  });

  it('keeps the throttle state while a sample younger than the window is in hand (degraded)', () => {
    const slowed = snapshotOf('slowed');
    const degraded: Snapshot = { ...slowed, connection: { ...slowed.connection, health: 'degraded' } };
    expect(trayLook(degraded).icon).toEqual({ state: 'slowed', level: 75 });
  });

  it('says it is waiting for a reading while the connection is fine but nothing was read yet', () => {
    const offline = snapshotOf('offline');
    const starting: Snapshot = { ...offline, connection: { health: 'ok', since: now } };
    expect(trayLook(starting)).toEqual({
      icon: { state: 'offline', level: 0 },
      tooltip: 'Headroom: usage unknown · Waiting for a reading',
    });
  });
});

describe('the level', () => {
  it('is the nearest quarter of the limit', () => {
    const cases: [number, TrayLevel][] = [
      [0, 0],
      [12.4, 0],
      [12.5, 25],
      [37.4, 25],
      [62.5, 75],
      [79, 75],
      [87.4, 75],
      [87.5, 100],
      [100, 100],
    ];
    expect(cases.map(([percent]) => [percent, levelOf(percent)])).toEqual(cases);
  });

  it('stays in 0..100 whatever the figures', () => {
    expect([levelOf(-3), levelOf(140), levelOf(Number.NaN), levelOf(Number.POSITIVE_INFINITY)]).toEqual([0, 100, 0, 0]);
  });

  it('counts a used figure past the limit (Autotask answering 429) as full', () => {
    const asleep = snapshotOf('asleep');
    if (!asleep.usage.known) throw new Error('the asleep scenario has usage');
    const over: Snapshot = { ...asleep, usage: { ...asleep.usage, used: 10_240, percent: 102 } };
    expect(trayLook(over).icon.level).toBe(100);
  });
});

describe('the tooltip', () => {
  it('fits the 127 characters Windows shows', () => {
    const longest = snapshotOf('critical-stop');
    if (!longest.usage.known) throw new Error('the critical-stop scenario has usage');
    const huge: Snapshot = {
      ...longest,
      mode: 'demo',
      usage: { ...longest.usage, used: 987_654_321_987, limit: 987_654_321_987, percent: 100 },
      connection: { ...longest.connection, health: 'auth-failed' },
    };
    const tooltips = [...scenarioNames.map((name) => trayLook(snapshotOf(name)).tooltip), trayLook(huge).tooltip];
    expect(tooltips.filter((tooltip) => tooltip.length > MAX_TOOLTIP_LENGTH)).toEqual([]);
  });
});

describe('iconFileName', () => {
  it('names the 1x, @2x and macOS template files', () => {
    const icon = { state: 'slowed', level: 75 } as const;
    expect([
      iconFileName(icon),
      iconFileName(icon, { scale: 2 }),
      iconFileName(icon, { template: true }),
      iconFileName(icon, { template: true, scale: 2 }),
    ]).toEqual(['slowed-75.png', 'slowed-75@2x.png', 'slowed-75Template.png', 'slowed-75Template@2x.png']);
  });
});
