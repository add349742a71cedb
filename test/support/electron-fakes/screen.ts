import type { Point, Rectangle } from '../../../electron/shell/popover-position';
import type { PopoverScreen } from '../../../electron/shell/popover-window';

/** One 1920 x 1080 display with a 40-pixel taskbar at the bottom. */
export const taskbarAtTheBottom: Rectangle = { x: 0, y: 0, width: 1920, height: 1040 };

/** Electron's `screen`, as far as the popover uses it: one display, and every point it was asked about. */
export function fakeScreen(cursor: Point = { x: 960, y: 1060 }) {
  const asked: Point[] = [];
  const screen: PopoverScreen = {
    getCursorScreenPoint: () => cursor,
    getDisplayNearestPoint: (point) => {
      asked.push(point);
      return { workArea: taskbarAtTheBottom };
    },
  };
  return { screen, asked };
}
