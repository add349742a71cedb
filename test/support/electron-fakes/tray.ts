import type { MenuItemSpec, TrayBounds, TrayLike } from '../../../electron/shell/tray';

/** A nativeImage as the fakes make it: the file it was made from ('' for an empty one). */
export interface FakeImage {
  path: string;
}

/** A Menu as the fakes make it: the template it was built from. */
export interface FakeMenu {
  items: MenuItemSpec[];
}

/** Electron's nativeImage and Menu, as far as the tray uses them. */
export const fakeNativeImage = {
  createFromPath: (path: string): FakeImage => ({ path }),
  createEmpty: (): FakeImage => ({ path: '' }),
};
export const fakeMenu = { buildFromTemplate: (items: MenuItemSpec[]): FakeMenu => ({ items }) };

/** A tray that records what it is told, in order; `click` is the user clicking the icon. */
export class FakeTray implements TrayLike {
  readonly calls: string[] = [];
  image?: FakeImage;
  tooltip?: string;
  menu?: FakeMenu;
  destroyed = false;
  #clickListener?: () => void;

  constructor(readonly bounds: TrayBounds = { x: 1800, y: 1040, width: 24, height: 40 }) {}

  setImage(value: unknown) {
    this.image = value as FakeImage;
    this.calls.push(`setImage ${this.image.path}`);
  }
  setToolTip(value: string) {
    this.tooltip = value;
    this.calls.push(`setToolTip ${value}`);
  }
  setContextMenu(value: unknown) {
    this.menu = value as FakeMenu;
    this.calls.push('setContextMenu');
  }
  on(event: string, listener: () => void) {
    this.calls.push(`on ${event}`);
    this.#clickListener = listener;
  }
  getBounds(): TrayBounds {
    return this.bounds;
  }
  destroy() {
    this.destroyed = true;
    this.calls.push('destroy');
  }
  click() {
    this.#clickListener?.();
  }
  /** The menu item under this label (in `items`, default the tray's menu). */
  item(label: string, items: MenuItemSpec[] | undefined = this.menu?.items): MenuItemSpec {
    const found = items?.find((candidate) => candidate.label === label);
    if (!found) throw new Error(`no menu item "${label}"`);
    return found;
  }
}
