/**
 * The one source of every icon Headroom ships: the tray icon per state and level, and the app icon. The PNGs in
 * build/ are rendered from here by `npm run icons` (build/scripts/make-icons.ts) and committed; a test renders them
 * again and fails when they differ.
 *
 * The tray icon is drawn on a 16-unit grid: 1 unit is a pixel at 16 px and two at 32 px, so straight edges sit on
 * whole units and stay sharp at both sizes. A ring (2 units wide) is filled clockwise from 12 o'clock to the level;
 * its quarter ends lie on the axes, so they are sharp too. The state reads by shape, without colour:
 *   normal  — the ring, an empty centre (calls go straight through)
 *   slowed  — one bar in the centre (half a pause: calls are paced)
 *   asleep  — two bars (a pause: non-critical calls wait)
 *   offline — the ring broken into its quarters, struck through (⊘: no current reading)
 *   demo    — a dot in the centre (a simulated tenant)
 * In colour (Windows, Linux) the icon sits on a dark disc, so amber and grey read on a light panel and the colours
 * on a dark one. As a macOS template it is black with alpha only, and the system tints it.
 */
import type { TrayIconState, TrayLevel } from '../../electron/shell/tray-look';

export interface TrayIconOptions {
  state: TrayIconState;
  level: TrayLevel;
  /** macOS template image: black only, with alpha. */
  template: boolean;
  /** Width and height in pixels (16, or 32 for @2x). The drawing is the same 16-unit one. */
  size: number;
}

export const stateColours: Record<TrayIconState, string> = {
  normal: '#2da44e',
  slowed: '#d4a72c',
  asleep: '#e5484d',
  offline: '#8c959f',
  demo: '#54aeff',
};

const CENTRE = 8;
const RING_RADIUS = 6;
const RING_WIDTH = 2;

/** The disc behind a colour icon: dark on a light panel, barely there on a dark one. */
const BACKDROP = '#1f2328';
/**
 * The unfilled part of the ring: as wide as the filled part (a thinner one blurs at 16 px), faint, but strong
 * enough that a quiet tenant's empty ring does not look like a switched-off icon.
 */
const TRACK_WIDTH = RING_WIDTH;
const TRACK_OPACITY_COLOUR = 0.42;
const TRACK_OPACITY_TEMPLATE = 0.4;

export function trayIconSvg({ state, level, template, size }: TrayIconOptions): string {
  const ink = template ? '#000000' : stateColours[state];
  const track = `stroke-width="${TRACK_WIDTH}" stroke-opacity="${template ? TRACK_OPACITY_TEMPLATE : TRACK_OPACITY_COLOUR}"`;
  const parts: string[] = [];
  if (!template) parts.push(`<circle cx="8" cy="8" r="8" fill="${BACKDROP}"/>`);
  parts.push(...(state === 'offline' ? dashedRing(level, ink, track) : ring(level, ink, track)));
  parts.push(...centreMark(state, ink));
  return svg(size, 16, parts);
}

/** A full ring: the faint track, then the level over it, quarter by quarter from 12 o'clock. */
function ring(level: TrayLevel, ink: string, track: string): string[] {
  const filled = `fill="none" stroke="${ink}" stroke-width="${RING_WIDTH}"`;
  const unfilled = `fill="none" stroke="${ink}" ${track}`;
  if (level === 100) return [circle(RING_RADIUS, filled)];
  if (level === 0) return [circle(RING_RADIUS, unfilled)];
  return [`<path d="${arc(level * 3.6, 360)}" ${unfilled}/>`, `<path d="${arc(0, level * 3.6)}" ${filled}/>`];
}

/** The ring broken into its four quarters, the gaps on the axes, so each quarter is a level step of 25. */
function dashedRing(level: TrayLevel, ink: string, track: string): string[] {
  const gap = 28;
  const dashes: string[] = [];
  for (let index = 0; index < 4; index++) {
    const from = index * 90 + gap / 2;
    const to = (index + 1) * 90 - gap / 2;
    const filled = (from + to) / 2 < level * 3.6;
    const stroke = filled ? `stroke-width="${RING_WIDTH}"` : track;
    dashes.push(`<path d="${arc(from, to)}" fill="none" stroke="${ink}" ${stroke}/>`);
  }
  return dashes;
}

function centreMark(state: TrayIconState, ink: string): string[] {
  switch (state) {
    case 'normal':
      return [];
    case 'slowed':
      return [rect(7, 5, 2, 6, ink)];
    case 'asleep':
      return [rect(5, 5, 2, 6, ink), rect(9, 5, 2, 6, ink)];
    case 'offline':
      return [`<path d="M5.5 10.5 L10.5 5.5" stroke="${ink}" stroke-width="2" stroke-linecap="butt"/>`];
    case 'demo':
      return [`<circle cx="8" cy="8" r="2" fill="${ink}"/>`];
  }
}

/**
 * The app icon, 512 px: the tray's gauge ring on a dark rounded square, its track marked with the zones where calls
 * are slowed (from 75%) and put to sleep (from 90%), filled to a calm level, with a needle pointing at it.
 */
export function appIconSvg(): string {
  const c = 256;
  const r = 146;
  const width = 60;
  const level = 62;
  const at = (percent: number, radius: number): string => {
    const radians = (percent / 100) * 2 * Math.PI;
    return `${round(c + radius * Math.sin(radians))} ${round(c - radius * Math.cos(radians))}`;
  };
  const band = (from: number, to: number, colour: string, opacity = 1): string =>
    `<path d="M${at(from, r)} A${r} ${r} 0 ${to - from > 50 ? 1 : 0} 1 ${at(to, r)}" fill="none"` +
    ` stroke="${colour}" stroke-width="${width}"${opacity === 1 ? '' : ` stroke-opacity="${opacity}"`}/>`;
  return svg(512, 512, [
    '<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">' +
      '<stop offset="0" stop-color="#2b3138"/><stop offset="1" stop-color="#14171b"/></linearGradient></defs>',
    '<rect x="32" y="32" width="448" height="448" rx="100" fill="url(#bg)"/>',
    band(level, 75, '#3d444d'),
    band(75, 90, stateColours.slowed, 0.45),
    band(90, 100, stateColours.asleep, 0.5),
    band(0, level, stateColours.normal),
    `<path d="M${at(level + 25, 14)} L${at(level, r - width / 2 - 22)} L${at(level - 25, 14)} Z" fill="#e6edf3"/>`,
    `<circle cx="${c}" cy="${c}" r="26" fill="#e6edf3"/>`,
  ]);
}

// ---- Drawing helpers, in the 16-unit grid unless a size is given ----

function svg(size: number, viewBox: number, parts: string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${viewBox} ${viewBox}">` +
    parts.join('') +
    '</svg>'
  );
}

function circle(radius: number, attributes: string): string {
  return `<circle cx="${CENTRE}" cy="${CENTRE}" r="${radius}" ${attributes}/>`;
}

function rect(x: number, y: number, width: number, height: number, fill: string): string {
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${fill}"/>`;
}

/** A clockwise arc of the ring from one angle to another (degrees from 12 o'clock), split at most at 90°. */
function arc(fromDegrees: number, toDegrees: number): string {
  let path = `M${point(fromDegrees)}`;
  for (let at = fromDegrees; at < toDegrees;) {
    const next = Math.min(toDegrees, at + 90);
    path += ` A${RING_RADIUS} ${RING_RADIUS} 0 0 1 ${point(next)}`;
    at = next;
  }
  return path;
}

function point(degrees: number): string {
  const radians = (degrees * Math.PI) / 180;
  return `${round(CENTRE + RING_RADIUS * Math.sin(radians))} ${round(CENTRE - RING_RADIUS * Math.cos(radians))}`;
}

/** Three decimals, and never "-0". */
function round(value: number): number {
  return Math.round(value * 1000) / 1000 + 0;
}
