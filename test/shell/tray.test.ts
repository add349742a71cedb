import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../electron/contract';
import { TrayController, type MenuItemSpec, type TrayActions } from '../../electron/shell/tray';
import { scenario, type ScenarioName } from '../e2e/scenarios';
import { FakeTray, fakeMenu } from '../support/electron-fakes/tray';

/** 22:30 local time on a winter evening: "Until tomorrow" is 9 h 30 min away. */
const now = new Date(2026, 0, 14, 22, 30).getTime();
const iconDirectory = join('/opt', 'Headroom', 'resources', 'tray');

interface HarnessOptions {
  /** Absent: the images function gets the bare file name. */
  iconDirectory?: string;
  /** Absent: no setOpenAtLogin action. */
  openAtLogin?: boolean;
}

/** A tray that records what it is told, and the actions it causes. */
function harness(platform: NodeJS.Platform = 'win32', options: HarnessOptions = { iconDirectory }) {
  const tray = new FakeTray();
  const actions: string[] = [];
  const imagesLoaded: string[] = [];
  let clock = now;
  const trayActions: TrayActions = {
    open: () => actions.push('open'),
    wakeUp: () => actions.push('wakeUp'),
    pauseNotifications: (minutes) => actions.push(`pauseNotifications ${minutes}`),
    resumeNotifications: () => actions.push('resumeNotifications'),
    quit: () => actions.push('quit'),
    ...(options.openAtLogin === undefined ? {} : { setOpenAtLogin: (open) => actions.push(`setOpenAtLogin ${open}`) }),
  };
  const controller = new TrayController({
    tray,
    images: (path) => {
      imagesLoaded.push(path);
      return { path };
    },
    buildMenu: fakeMenu.buildFromTemplate,
    platform,
    ...(options.iconDirectory === undefined ? {} : { iconDirectory: options.iconDirectory }),
    actions: trayActions,
    now: () => clock,
  });
  return {
    controller,
    calls: tray.calls,
    actions,
    imagesLoaded,
    image: () => tray.image?.path,
    tooltip: () => tray.tooltip,
    labels: (items: MenuItemSpec[] | undefined = tray.menu?.items) =>
      (items ?? []).map((entry) => (entry.type === 'separator' ? '---' : entry.label)),
    item: (label: string, items?: MenuItemSpec[]) => tray.item(label, items),
    pauseItems: () => tray.item('Pause notifications').submenu,
    click: () => tray.click(),
    setClock: (ms: number) => (clock = ms),
    clearCalls: () => tray.calls.splice(0),
  };
}

const snapshotOf = (name: ScenarioName): Snapshot => scenario(name, now).snapshot;

/** The same tenant a few seconds on, at another figure. */
function laterReading(snapshot: Snapshot, used: number): Snapshot {
  if (!snapshot.usage.known) throw new Error('a reading needs known usage');
  const percent = Math.floor((used * 100) / snapshot.usage.limit);
  return { ...snapshot, at: snapshot.at + 5_000, usage: { ...snapshot.usage, used, percent } };
}

describe('the tray controller', () => {
  it('starts with an empty offline icon, a tooltip and the menu, and listens for clicks', () => {
    const tray = harness();
    expect(tray.calls).toEqual([
      'on click',
      `setImage ${join(iconDirectory, 'offline-0.png')}`,
      'setToolTip Headroom: waiting for the first reading',
      'setContextMenu',
    ]);
    expect(tray.labels()).toEqual(['Open Headroom', 'Wake Up', 'Pause notifications', '---', 'Quit Headroom']);
    expect(tray.item('Wake Up').enabled).toBe(false);
  });

  it.each([
    ['normal', 'normal-25.png', 'Headroom: 3,150 / 10,000 (31%) · Normal'],
    ['slowed', 'slowed-75.png', 'Headroom: 7,912 / 10,000 (79%) · Slowed'],
    ['asleep', 'asleep-100.png', 'Headroom: 9,130 / 10,000 (91%) · Asleep'],
    ['offline', 'offline-0.png', 'Headroom: usage unknown · Offline'],
    ['demo', 'demo-50.png', 'Headroom (demo): 412 / 1,000 (41%) · Normal'],
  ] as const)('shows the %s scenario as %s with its tooltip', (name, file, tooltip) => {
    const tray = harness('linux');
    tray.controller.update(snapshotOf('critical-stop'));
    tray.controller.update(snapshotOf(name));
    expect(tray.image()).toBe(join(iconDirectory, file));
    expect(tray.tooltip()).toBe(tooltip);
  });

  it('uses the template images on macOS, by their 1x path (Electron loads the @2x beside it)', () => {
    const tray = harness('darwin');
    expect(tray.image()).toBe(join(iconDirectory, 'offline-0Template.png'));
    tray.controller.update(snapshotOf('slowed'));
    expect(tray.image()).toBe(join(iconDirectory, 'slowed-75Template.png'));
  });

  it('sets no image and builds no menu for a reading that changes nothing visible but the figures', () => {
    const tray = harness();
    const slowed = snapshotOf('slowed');
    tray.controller.update(slowed);
    tray.clearCalls();
    tray.controller.update(laterReading(slowed, 7_950));
    expect(tray.calls).toEqual(['setToolTip Headroom: 7,950 / 10,000 (79%) · Slowed']);
  });

  it('sets nothing at all for a snapshot that changes nothing it shows', () => {
    const tray = harness();
    const slowed = snapshotOf('slowed');
    tray.controller.update(slowed);
    tray.clearCalls();
    tray.controller.update({ ...slowed, at: slowed.at + 1_000, gateway: { ...slowed.gateway, forwarded: 9_999 } });
    expect(tray.calls).toEqual([]);
  });

  it('sets the image when the level moves to another quarter', () => {
    const tray = harness();
    const slowed = snapshotOf('slowed');
    tray.controller.update(slowed);
    tray.clearCalls();
    tray.controller.update(laterReading(slowed, 8_760));
    expect(tray.calls).toEqual([
      `setImage ${join(iconDirectory, 'slowed-100.png')}`,
      'setToolTip Headroom: 8,760 / 10,000 (87%) · Slowed',
    ]);
  });

  it('loads each image once, however often the icon comes back to it', () => {
    const tray = harness();
    for (let round = 0; round < 3; round++) {
      tray.controller.update(snapshotOf('slowed'));
      tray.controller.update(snapshotOf('asleep'));
    }
    expect(tray.imagesLoaded.map((path) => path.slice(iconDirectory.length + 1))).toEqual([
      'offline-0.png',
      'slowed-75.png',
      'asleep-100.png',
    ]);
  });

  it('hands the images function the bare file name when it is given no folder', () => {
    const tray = harness('darwin', {});
    tray.controller.update(snapshotOf('asleep'));
    expect(tray.imagesLoaded).toEqual(['offline-0Template.png', 'asleep-100Template.png']);
  });

  it('tells where the icon is, for the popover', () => {
    expect(harness().controller.bounds()).toEqual({ x: 1800, y: 1040, width: 24, height: 40 });
  });

  it('opens the popover on a click of the icon', () => {
    const tray = harness();
    tray.click();
    expect(tray.actions).toEqual(['open']);
  });

  it('destroys the tray', () => {
    const tray = harness();
    tray.clearCalls();
    tray.controller.destroy();
    expect(tray.calls).toEqual(['destroy']);
  });
});

describe('the tray menu', () => {
  it.each([
    ['normal', false],
    ['slowed', false],
    ['asleep', true],
    ['critical-stop', false],
    ['woken', false],
    ['back-to-sleep', true],
    ['offline', false],
    ['auth-failed', false],
    ['demo', false],
  ] as const)('%s: Wake Up enabled is %s', (name, enabled) => {
    const tray = harness();
    tray.controller.update(snapshotOf(name));
    expect(tray.item('Wake Up').enabled).toBe(enabled);
    expect(tray.labels()).toEqual(['Open Headroom', 'Wake Up', 'Pause notifications', '---', 'Quit Headroom']);
  });

  it('rebuilds the menu when Wake Up becomes available, and not for readings meanwhile', () => {
    const tray = harness();
    const asleep = snapshotOf('asleep');
    tray.controller.update(snapshotOf('slowed'));
    tray.clearCalls();
    tray.controller.update(asleep);
    tray.controller.update(laterReading(asleep, 9_140));
    expect(tray.calls.filter((call) => call === 'setContextMenu')).toHaveLength(1);
  });

  it('calls the actions', () => {
    const tray = harness();
    tray.controller.update(snapshotOf('asleep'));
    tray.item('Open Headroom').click?.();
    tray.item('Wake Up').click?.();
    tray.item('For 1 hour', tray.pauseItems()).click?.();
    tray.item('Until tomorrow', tray.pauseItems()).click?.();
    tray.item('Quit Headroom').click?.();
    expect(tray.actions).toEqual(['open', 'wakeUp', 'pauseNotifications 60', 'pauseNotifications 570', 'quit']);
  });

  it('works out "Until tomorrow" when clicked, from the clock of the moment', () => {
    const tray = harness();
    tray.setClock(new Date(2026, 0, 15, 1, 0).getTime());
    tray.item('Until tomorrow', tray.pauseItems()).click?.();
    expect(tray.actions).toEqual(['pauseNotifications 420']);
  });

  it('offers Resume while a pause runs, and drops it once the pause has run out', () => {
    const tray = harness();
    expect(tray.labels(tray.pauseItems())).toEqual(['For 1 hour', 'Until tomorrow']);
    tray.controller.updateNotifications({ enabled: true, pausedUntil: now + 60 * 60_000 });
    expect(tray.labels(tray.pauseItems())).toEqual(['For 1 hour', 'Until tomorrow', '---', 'Resume notifications']);
    tray.item('Resume notifications', tray.pauseItems()).click?.();
    expect(tray.actions).toEqual(['resumeNotifications']);

    tray.setClock(now + 61 * 60_000);
    tray.controller.update(snapshotOf('normal'));
    expect(tray.labels(tray.pauseItems())).toEqual(['For 1 hour', 'Until tomorrow']);
  });

  it('disables Pause notifications while notifications are switched off', () => {
    const tray = harness();
    tray.controller.updateNotifications({ enabled: false });
    expect(tray.item('Pause notifications').enabled).toBe(false);
    tray.controller.updateNotifications({ enabled: true });
    expect(tray.item('Pause notifications').enabled).toBe(true);
  });

  it('does not rebuild the menu for preferences that change nothing in it', () => {
    const tray = harness();
    tray.clearCalls();
    tray.controller.updateNotifications({ enabled: true });
    expect(tray.calls).toEqual([]);
  });

  it('takes the preferences and the login item with the snapshot, as main.ts passes them', () => {
    const tray = harness('win32', { iconDirectory, openAtLogin: true });
    tray.controller.update(snapshotOf('normal'), { enabled: true, pausedUntil: now + 60_000 }, true);
    expect(tray.labels()).toEqual([
      'Open Headroom',
      'Wake Up',
      'Pause notifications',
      'Open at login',
      '---',
      'Quit Headroom',
    ]);
    expect(tray.item('Open at login')).toMatchObject({ type: 'checkbox', checked: true });
    expect(tray.labels(tray.pauseItems())).toContain('Resume notifications');
  });

  it('switches opening at login, and shows the new state at once', () => {
    const tray = harness('darwin', { iconDirectory, openAtLogin: true });
    tray.controller.update(snapshotOf('normal'), { enabled: true }, false);
    tray.item('Open at login').click?.();
    expect(tray.item('Open at login').checked).toBe(true);
    tray.item('Open at login').click?.();
    expect(tray.actions).toEqual(['setOpenAtLogin true', 'setOpenAtLogin false']);
    expect(tray.item('Open at login').checked).toBe(false);
  });

  it('offers no Open at login on Linux, where Electron cannot set it, or without the action', () => {
    expect(harness('linux', { iconDirectory, openAtLogin: true }).labels()).not.toContain('Open at login');
    expect(harness('win32').labels()).not.toContain('Open at login');
  });
});
