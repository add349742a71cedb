/**
 * What the tray shows for a snapshot: which icon (a state and a ring filled to a level) and the tooltip. Pure: no
 * 'electron', no clock, so it is tested in plain Node and the icon build (build/icons/) shares its names.
 *
 * Trouble first. The icon a user glances at must show the most urgent fact:
 * 1. `offline` when Headroom cannot see the counter (connection offline or credentials rejected, or usage
 *    unknown): every other state rests on a figure it no longer has.
 * 2. `asleep` (a critical stop included) and `slowed`: calls are being held or paced. This wins over demo mode
 *    too, because the demo tour's climb into slowing and sleeping is what the demo is there to show; the tooltip
 *    still says "(demo)".
 * 3. `demo` for a calm simulated tenant, so nobody takes it for their live tenant.
 * 4. `normal`.
 */
import type { Snapshot } from '../contract';

export const trayIconStates = ['normal', 'slowed', 'asleep', 'offline', 'demo'] as const;
export type TrayIconState = (typeof trayIconStates)[number];

export const trayLevels = [0, 25, 50, 75, 100] as const;
export type TrayLevel = (typeof trayLevels)[number];

export interface TrayIcon {
  state: TrayIconState;
  level: TrayLevel;
}

export interface TrayLook {
  icon: TrayIcon;
  tooltip: string;
}

/** Windows cuts a tray tooltip at 127 characters. */
export const MAX_TOOLTIP_LENGTH = 127;

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function trayLook(snapshot: Snapshot | undefined): TrayLook {
  if (snapshot === undefined) {
    return { icon: { state: 'offline', level: 0 }, tooltip: 'Headroom: waiting for the first reading' };
  }
  const { usage } = snapshot;
  const state = iconStateOf(snapshot);
  // A level from a reading older than the window would be a guess: unknown usage shows an empty (dashed) ring,
  // which the offline shape keeps from reading as zero.
  const level = usage.known ? levelOf((usage.used * 100) / usage.limit) : 0;
  const figures = usage.known
    ? `${grouped.format(Math.floor(usage.used))} / ${grouped.format(usage.limit)} (${usage.percent}%)`
    : 'usage unknown';
  const title = snapshot.mode === 'demo' ? 'Headroom (demo)' : 'Headroom';
  const tooltip = `${title}: ${figures} · ${wordsOf(snapshot).join(' · ')}`;
  return { icon: { state, level }, tooltip: clip(tooltip) };
}

function iconStateOf(snapshot: Snapshot): TrayIconState {
  const { usage, connection, state } = snapshot;
  if (!usage.known || connection.health === 'offline' || connection.health === 'auth-failed') return 'offline';
  if (state.mode === 'asleep' || state.criticalStopped) return 'asleep';
  if (state.mode === 'slowed') return 'slowed';
  return snapshot.mode === 'demo' ? 'demo' : 'normal';
}

/** The state in a word or two; a throttle state that still holds calls is named beside a lost connection. */
function wordsOf(snapshot: Snapshot): string[] {
  const { usage, connection, state } = snapshot;
  const throttle = state.criticalStopped
    ? 'Critical stop'
    : state.mode === 'asleep'
      ? 'Asleep'
      : state.wokenByUser
        ? 'Woken up'
        : state.mode === 'slowed'
          ? 'Slowed'
          : 'Normal';
  if (connection.health === 'auth-failed') return withThrottle('Credentials rejected', throttle);
  if (connection.health === 'offline') return withThrottle('Offline', throttle);
  if (!usage.known) return withThrottle('Waiting for a reading', throttle);
  return [throttle];
}

function withThrottle(trouble: string, throttle: string): string[] {
  return throttle === 'Normal' ? [trouble] : [trouble, throttle];
}

/** The nearest of 0, 25, 50, 75 and 100. */
export function levelOf(percent: number): TrayLevel {
  if (!Number.isFinite(percent)) return 0;
  const clamped = Math.min(100, Math.max(0, percent));
  return (Math.round(clamped / 25) * 25) as TrayLevel;
}

function clip(text: string): string {
  return text.length <= MAX_TOOLTIP_LENGTH ? text : `${text.slice(0, MAX_TOOLTIP_LENGTH - 1)}…`;
}

export interface IconFileOptions {
  /** A macOS template image: black with alpha, tinted by the system. */
  template?: boolean;
  /** 2: the @2x file of a high-density display. */
  scale?: 1 | 2;
}

/** 'slowed-75.png', 'slowed-75@2x.png', 'slowed-75Template.png', 'slowed-75Template@2x.png'. */
export function iconFileName(icon: TrayIcon, { template = false, scale = 1 }: IconFileOptions = {}): string {
  return `${icon.state}-${icon.level}${template ? 'Template' : ''}${scale === 2 ? '@2x' : ''}.png`;
}
