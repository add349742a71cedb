/**
 * Where the popover opens: beside the tray icon, on the side facing the rest of the screen, and always wholly inside
 * the work area of the display it opens on. Pure, so every taskbar layout is tested without a screen.
 */

export interface Point {
  x: number;
  y: number;
}

export interface Rectangle extends Point {
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

/** The screen edge the tray sits on: the popover opens from it, towards the middle of the screen. */
export type TrayEdge = 'top' | 'bottom' | 'left' | 'right';

export interface PopoverPlacement {
  windowSize: Size;
  /** Tray.getBounds(): all zeros on most Linux desktops, which do not say where the icon is. */
  trayBounds?: Rectangle;
  /** screen.getCursorScreenPoint(): where the icon was clicked, when its bounds are unknown. */
  cursor: Point;
  /** The work area of the display nearest the tray (or the cursor): the screen less its taskbars and menu bar. */
  workArea: Rectangle;
  platform: NodeJS.Platform;
}

export function popoverPosition({ windowSize, trayBounds, cursor, workArea, platform }: PopoverPlacement): Point {
  const anchor = trayBoundsKnown(trayBounds) ? trayBounds : pointAsRectangle(cursor);
  const edge = trayEdge(anchor, workArea, platform);
  const beside = besideAnchor(anchor, edge, windowSize);
  return keepInside(beside, windowSize, workArea);
}

/** Linux trays (StatusNotifier, AppIndicator) report no bounds: a zero-sized rectangle at 0,0. */
export function trayBoundsKnown(bounds: Rectangle | undefined): bounds is Rectangle {
  return bounds !== undefined && bounds.width > 0 && bounds.height > 0;
}

/** The middle of the tray icon, or the cursor when the icon's bounds are unknown: which display to open on. */
export function anchorPoint(trayBounds: Rectangle | undefined, cursor: Point): Point {
  return trayBoundsKnown(trayBounds) ? centreOf(trayBounds) : cursor;
}

/**
 * The edge nearest the anchor. A taskbar lies outside the work area, so its distance comes out negative and is the
 * smallest; a tray inside the work area (an auto-hidden taskbar) is still nearest its own edge. The macOS menu bar
 * is always at the top, whatever the Dock does.
 */
export function trayEdge(anchor: Rectangle, workArea: Rectangle, platform: NodeJS.Platform): TrayEdge {
  if (platform === 'darwin') return 'top';
  const centre = centreOf(anchor);
  const distances: [TrayEdge, number][] = [
    ['top', centre.y - workArea.y],
    ['bottom', workArea.y + workArea.height - centre.y],
    ['left', centre.x - workArea.x],
    ['right', workArea.x + workArea.width - centre.x],
  ];
  return distances.reduce((nearest, candidate) => (candidate[1] < nearest[1] ? candidate : nearest))[0];
}

/** Centred on the icon along its edge, just off the icon towards the middle of the screen. */
function besideAnchor(anchor: Rectangle, edge: TrayEdge, size: Size): Point {
  const centre = centreOf(anchor);
  switch (edge) {
    case 'top':
      return { x: centre.x - size.width / 2, y: anchor.y + anchor.height };
    case 'bottom':
      return { x: centre.x - size.width / 2, y: anchor.y - size.height };
    case 'left':
      return { x: anchor.x + anchor.width, y: centre.y - size.height / 2 };
    case 'right':
      return { x: anchor.x - size.width, y: centre.y - size.height / 2 };
  }
}

/** Whole pixels, and never past an edge of the work area: a popover half off the screen cannot be used. */
function keepInside(position: Point, size: Size, workArea: Rectangle): Point {
  return {
    x: clampToSpan(position.x, size.width, workArea.x, workArea.width),
    y: clampToSpan(position.y, size.height, workArea.y, workArea.height),
  };
}

/** A window larger than the span is pinned to the span's start, where its title and top controls stay visible. */
function clampToSpan(start: number, length: number, spanStart: number, spanLength: number): number {
  const first = Math.ceil(spanStart);
  const last = Math.floor(spanStart + spanLength - length);
  return Math.max(first, Math.min(Math.round(start), last));
}

function centreOf(rectangle: Rectangle): Point {
  return { x: rectangle.x + rectangle.width / 2, y: rectangle.y + rectangle.height / 2 };
}

function pointAsRectangle(point: Point): Rectangle {
  return { x: point.x, y: point.y, width: 0, height: 0 };
}
