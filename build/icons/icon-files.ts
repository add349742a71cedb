/**
 * Every icon file Headroom ships, with the SVG it is rendered from, and the renderer. Shared by the icon script
 * (build/scripts/make-icons.ts), which writes them, and the test that checks the committed files are up to date.
 */
import { Resvg } from '@resvg/resvg-js';
import { iconFileName, trayIconStates, trayLevels, type TrayIcon } from '../../electron/shell/tray-look';
import { appIconSvg, trayIconSvg } from './tray-icon-svg';

export interface IconFile {
  /** Path under build/, with '/' separators: 'tray/slowed-75@2x.png', 'icon.png'. */
  path: string;
  svg: string;
  /** Width and height in pixels. */
  size: number;
  /** A macOS template image: black only, with alpha. */
  template: boolean;
  /** The tray icon it shows; absent for the app icon. */
  icon?: TrayIcon;
}

/** The folder under build/ that holds the tray icons. */
export const TRAY_FOLDER = 'tray';

export function iconFiles(): IconFile[] {
  const files: IconFile[] = [];
  for (const state of trayIconStates) {
    for (const level of trayLevels) {
      const icon = { state, level };
      for (const template of [false, true]) {
        for (const scale of [1, 2] as const) {
          const size = 16 * scale;
          files.push({
            path: `${TRAY_FOLDER}/${iconFileName(icon, { template, scale })}`,
            svg: trayIconSvg({ state, level, template, size }),
            size,
            template,
            icon,
          });
        }
      }
    }
  }
  // electron-builder makes the platform icons (.ico, .icns, Linux sizes) from it.
  files.push({ path: 'icon.png', svg: appIconSvg(), size: 512, template: false });
  return files;
}

/** Deterministic: no text, no system fonts, so the same SVG gives the same bytes on every machine. */
function render(file: IconFile) {
  return new Resvg(file.svg, {
    fitTo: { mode: 'width', value: file.size },
    font: { loadSystemFonts: false },
    logLevel: 'off',
  }).render();
}

export function renderPng(file: IconFile): Buffer {
  return render(file).asPng();
}

/** RGBA, row by row. */
export function renderPixels(file: IconFile): { width: number; height: number; pixels: Buffer } {
  const image = render(file);
  return { width: image.width, height: image.height, pixels: image.pixels };
}
