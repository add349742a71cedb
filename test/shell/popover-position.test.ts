import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { popoverPosition, type PopoverPlacement } from '../../electron/shell/popover-position';

const windowSize = { width: 360, height: 520 };
const nowhere = { x: 0, y: 0 };

/** A 1920 x 1080 display whose taskbar takes `taskbar` pixels off one edge. */
function fullHd(edge: 'top' | 'bottom' | 'left' | 'right', taskbar = 40) {
  return {
    top: { x: 0, y: taskbar, width: 1920, height: 1080 - taskbar },
    bottom: { x: 0, y: 0, width: 1920, height: 1080 - taskbar },
    left: { x: taskbar, y: 0, width: 1920 - taskbar, height: 1080 },
    right: { x: 0, y: 0, width: 1920 - taskbar, height: 1080 },
  }[edge];
}

function place(placement: Partial<PopoverPlacement> & Pick<PopoverPlacement, 'workArea' | 'platform'>) {
  return popoverPosition({ windowSize, cursor: nowhere, ...placement });
}

describe('the popover beside a tray icon with bounds', () => {
  it('opens centred under the icon in the macOS menu bar', () => {
    const workArea = { x: 0, y: 24, width: 1440, height: 876 };
    const trayBounds = { x: 1200, y: 0, width: 22, height: 24 };
    expect(place({ trayBounds, workArea, platform: 'darwin' })).toEqual({ x: 1211 - 180, y: 24 });
  });

  it('opens under the menu bar on macOS even when the menu bar hides itself and the work area takes it in', () => {
    const workArea = { x: 0, y: 0, width: 1440, height: 900 };
    const trayBounds = { x: 1200, y: 0, width: 22, height: 24 };
    expect(place({ trayBounds, workArea, platform: 'darwin' })).toEqual({ x: 1031, y: 24 });
  });

  it('opens centred under the icon in a Linux top bar that gives bounds', () => {
    const workArea = { x: 0, y: 32, width: 1920, height: 1048 };
    const trayBounds = { x: 1600, y: 0, width: 32, height: 32 };
    expect(place({ trayBounds, workArea, platform: 'linux' })).toEqual({ x: 1616 - 180, y: 32 });
  });

  it('opens centred above the icon in a Windows taskbar at the bottom', () => {
    const trayBounds = { x: 1700, y: 1040, width: 24, height: 40 };
    expect(place({ trayBounds, workArea: fullHd('bottom'), platform: 'win32' })).toEqual({ x: 1712 - 180, y: 520 });
  });

  it('opens under the icon in a Windows taskbar moved to the top', () => {
    const trayBounds = { x: 1700, y: 0, width: 24, height: 40 };
    expect(place({ trayBounds, workArea: fullHd('top'), platform: 'win32' })).toEqual({ x: 1532, y: 40 });
  });

  it('opens to the right of the icon in a taskbar on the left, centred on it', () => {
    const trayBounds = { x: 0, y: 700, width: 60, height: 40 };
    expect(place({ trayBounds, workArea: fullHd('left', 60), platform: 'win32' })).toEqual({ x: 60, y: 720 - 260 });
  });

  it('opens to the left of the icon in a taskbar on the right, centred on it', () => {
    const trayBounds = { x: 1860, y: 700, width: 60, height: 40 };
    expect(place({ trayBounds, workArea: fullHd('right', 60), platform: 'win32' })).toEqual({ x: 1500, y: 460 });
  });

  it('finds the edge of an auto-hidden taskbar, whose icon lies inside the work area', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1080 };
    const trayBounds = { x: 1700, y: 1040, width: 24, height: 40 };
    expect(place({ trayBounds, workArea, platform: 'win32' })).toEqual({ x: 1532, y: 520 });
  });
});

describe('the popover at the cursor, where the tray gives no bounds (Linux)', () => {
  it('opens under the cursor when the bounds are all zeros, in a top panel', () => {
    const workArea = { x: 0, y: 27, width: 1920, height: 1053 };
    const trayBounds = { x: 0, y: 0, width: 0, height: 0 };
    const cursor = { x: 1500, y: 12 };
    expect(place({ trayBounds, cursor, workArea, platform: 'linux' })).toEqual({ x: 1500 - 180, y: 27 });
  });

  it('opens above the cursor in a bottom panel, resting on the panel rather than overlapping it', () => {
    const workArea = { x: 0, y: 0, width: 1920, height: 1044 };
    const cursor = { x: 1500, y: 1062 };
    expect(place({ trayBounds: { x: 0, y: 0, width: 0, height: 0 }, cursor, workArea, platform: 'linux' })).toEqual({
      x: 1320,
      y: 1044 - 520,
    });
  });

  it('uses the cursor when no bounds are given at all', () => {
    const cursor = { x: 1000, y: 1060 };
    expect(place({ cursor, workArea: fullHd('bottom'), platform: 'win32' })).toEqual({ x: 820, y: 520 });
  });
});

describe('the popover kept inside the work area', () => {
  it('at the left edge', () => {
    const trayBounds = { x: 4, y: 1040, width: 24, height: 40 };
    expect(place({ trayBounds, workArea: fullHd('bottom'), platform: 'win32' }).x).toBe(0);
  });

  it('at the right edge', () => {
    const trayBounds = { x: 1890, y: 1040, width: 24, height: 40 };
    expect(place({ trayBounds, workArea: fullHd('bottom'), platform: 'win32' }).x).toBe(1920 - 360);
  });

  it('at the top edge', () => {
    const trayBounds = { x: 1860, y: 10, width: 60, height: 40 };
    expect(place({ trayBounds, workArea: fullHd('right', 60), platform: 'win32' }).y).toBe(0);
  });

  it('at the bottom edge', () => {
    const trayBounds = { x: 1860, y: 1035, width: 60, height: 40 };
    expect(place({ trayBounds, workArea: fullHd('right', 60), platform: 'win32' }).y).toBe(1080 - 520);
  });

  it('pins a window larger than the work area to its top left, where its top stays visible', () => {
    const workArea = { x: 0, y: 0, width: 300, height: 400 };
    expect(place({ cursor: { x: 150, y: 390 }, workArea, platform: 'linux' })).toEqual({ x: 0, y: 0 });
  });

  it('on a second display left of and above the first: a work area with a negative origin', () => {
    const workArea = { x: -1920, y: -200, width: 1920, height: 1040 };
    const trayBounds = { x: -300, y: 840, width: 24, height: 40 };
    expect(place({ trayBounds, workArea, platform: 'win32' })).toEqual({ x: -288 - 180, y: 840 - 520 });
    const inTheCorner = { x: -10, y: 840, width: 24, height: 40 };
    expect(place({ trayBounds: inTheCorner, workArea, platform: 'win32' })).toEqual({ x: -360, y: 320 });
  });

  it('on a second display right of the first, under a top panel: clamped to that display, not the first', () => {
    const workArea = { x: 1920, y: 27, width: 2560, height: 1413 };
    const cursor = { x: 1920 + 2550, y: 10 };
    expect(place({ cursor, workArea, platform: 'linux' })).toEqual({ x: 1920 + 2560 - 360, y: 27 });
  });
});

describe('whole pixels', () => {
  it('rounds what a scaled display gives in fractions', () => {
    const workArea = { x: 0.4, y: 24.6, width: 1535.2, height: 839.8 };
    const trayBounds = { x: 1200.3, y: 0, width: 22.5, height: 24.6 };
    const position = popoverPosition({
      windowSize: { width: 361, height: 521 },
      trayBounds,
      cursor: nowhere,
      workArea,
      platform: 'darwin',
    });
    expect(Number.isInteger(position.x) && Number.isInteger(position.y)).toBe(true);
    expect(position).toEqual({ x: 1031, y: 25 });
  });

  it('is always whole pixels, wholly inside the work area, wherever the tray or cursor is', () => {
    const rectangle = fc.record({
      x: fc.integer({ min: -4000, max: 4000 }),
      y: fc.integer({ min: -4000, max: 4000 }),
      width: fc.integer({ min: 0, max: 200 }),
      height: fc.integer({ min: 0, max: 200 }),
    });
    const workArea = fc.record({
      x: fc.integer({ min: -4000, max: 4000 }),
      y: fc.integer({ min: -4000, max: 4000 }),
      width: fc.integer({ min: 400, max: 4000 }),
      height: fc.integer({ min: 560, max: 3000 }),
    });
    const point = fc.record({
      x: fc.double({ min: -5000, max: 5000, noNaN: true }),
      y: fc.double({ min: -5000, max: 5000, noNaN: true }),
    });
    const platform = fc.constantFrom<NodeJS.Platform>('darwin', 'win32', 'linux');
    fc.assert(
      fc.property(rectangle, point, workArea, platform, (trayBounds, cursor, area, os) => {
        const { x, y } = popoverPosition({ windowSize, trayBounds, cursor, workArea: area, platform: os });
        return (
          Number.isInteger(x) &&
          Number.isInteger(y) &&
          x >= area.x &&
          y >= area.y &&
          x + windowSize.width <= area.x + area.width &&
          y + windowSize.height <= area.y + area.height
        );
      }),
    );
  });
});
