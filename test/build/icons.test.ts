import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { iconFiles, renderPixels, renderPng, TRAY_FOLDER, type IconFile } from '../../build/icons/icon-files';
import { stateColours } from '../../build/icons/tray-icon-svg';
import { buildDirectory, makeIcons } from '../../build/scripts/make-icons';
import { iconFileName, trayIconStates, trayLevels } from '../../electron/shell/tray-look';

const RERUN = 'the committed icons are not what build/icons/tray-icon-svg.ts draws: run npm run icons';
const files = iconFiles();
const trayFiles = files.filter((file) => file.icon !== undefined);

/** Width and height from the PNG's IHDR chunk, the first after the 8-byte signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('latin1'), 'a PNG starts with its IHDR chunk').toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/**
 * RGBA pixels of a PNG as resvg writes it (8-bit RGBA, not interlaced): for comparing renders made on another
 * processor, whose rasteriser may round an edge pixel differently.
 */
function decodePng(png: Buffer): { width: number; height: number; pixels: Buffer } {
  const { width, height } = pngSize(png);
  expect([png[24], png[25], png[28]], 'an 8-bit RGBA PNG, not interlaced').toEqual([8, 6, 0]);
  const chunks: Buffer[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.subarray(at + 4, at + 8).toString('latin1') === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const data = inflateSync(Buffer.concat(chunks));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const raw = data[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= 4 ? (pixels[y * stride + x - 4] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = x >= 4 && y > 0 ? (pixels[(y - 1) * stride + x - 4] ?? 0) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter ?? 0] ?? 0;
      pixels[y * stride + x] = (raw + predictor) & 0xff;
    }
  }
  return { width, height, pixels };
}

function paeth(left: number, up: number, upLeft: number): number {
  const estimate = left + up - upLeft;
  const [toLeft, toUp, toUpLeft] = [left, up, upLeft].map((value) => Math.abs(estimate - value));
  if ((toLeft ?? 0) <= (toUp ?? 0) && (toLeft ?? 0) <= (toUpLeft ?? 0)) return left;
  return (toUp ?? 0) <= (toUpLeft ?? 0) ? up : upLeft;
}

/** The same bytes, or (rendered elsewhere) the same size with no channel more than 2 apart. */
function samePicture(a: Buffer, b: Buffer): boolean {
  if (a.equals(b)) return true;
  const [one, other] = [decodePng(a), decodePng(b)];
  if (one.width !== other.width || one.height !== other.height) return false;
  return one.pixels.every((value, at) => Math.abs(value - (other.pixels[at] ?? -1)) <= 2);
}

function committed(file: IconFile): Buffer | undefined {
  const path = join(buildDirectory, file.path);
  return existsSync(path) ? readFileSync(path) : undefined;
}

describe('the committed icons', () => {
  it('are what their source renders', () => {
    const stale = files.filter((file) => {
      const png = committed(file);
      return png === undefined || !samePicture(png, renderPng(file));
    });
    expect(
      stale.map((file) => file.path),
      RERUN,
    ).toEqual([]);
  });

  it('decode to what resvg drew (the comparison above reads them right)', () => {
    for (const path of ['tray/slowed-75@2x.png', 'icon.png']) {
      const file = files.find((candidate) => candidate.path === path) as IconFile;
      const drawn = renderPixels(file);
      const decoded = decodePng(renderPng(file));
      // resvg's pixels are premultiplied, a PNG's are not: compare where the alpha is whole.
      const opaque = (pixels: Buffer) => Buffer.from(pixels.filter((_, at) => drawn.pixels[at - (at % 4) + 3] === 255));
      expect([decoded.width, decoded.height]).toEqual([file.size, file.size]);
      expect(opaque(decoded.pixels).equals(opaque(drawn.pixels)), path).toBe(true);
    }
    expect(samePicture(renderPng(trayFiles[1] as IconFile), renderPng(trayFiles[0] as IconFile))).toBe(false);
  });

  it('are every file there is in build/tray, and no other', () => {
    const present = readdirSync(join(buildDirectory, TRAY_FOLDER)).sort();
    const expected = trayFiles.map((file) => file.path.slice(TRAY_FOLDER.length + 1)).sort();
    expect(present, RERUN).toEqual(expected);
  });

  it('have all four files for every state and level, under the names the tray loads', () => {
    const missing = trayIconStates.flatMap((state) =>
      trayLevels.flatMap((level) =>
        [false, true].flatMap((template) =>
          ([1, 2] as const)
            .map((scale) => iconFileName({ state, level }, { template, scale }))
            .filter((name) => !existsSync(join(buildDirectory, TRAY_FOLDER, name))),
        ),
      ),
    );
    expect(trayFiles).toHaveLength(trayIconStates.length * trayLevels.length * 4);
    expect(missing, RERUN).toEqual([]);
  });

  it('have the sizes of their names: 16 px, @2x 32 px, the app icon 512 px', () => {
    const wrong = files
      .map((file) => {
        const png = committed(file);
        const wanted = file.path === 'icon.png' ? 512 : file.path.endsWith('@2x.png') ? 32 : 16;
        return { path: file.path, size: png ? pngSize(png) : undefined, wanted: { width: wanted, height: wanted } };
      })
      .filter(({ size, wanted }) => size?.width !== wanted.width || size.height !== wanted.height);
    expect(wrong, RERUN).toEqual([]);
  });
});

describe('the icons as drawn', () => {
  it('are black with alpha only as macOS templates, and not empty', () => {
    const templates = trayFiles.filter((file) => file.template);
    const notBlack = templates.filter((file) => {
      const { pixels } = renderPixels(file);
      for (let at = 0; at < pixels.length; at += 4) {
        if (pixels[at + 3] !== 0 && (pixels[at] !== 0 || pixels[at + 1] !== 0 || pixels[at + 2] !== 0)) return true;
      }
      return false;
    });
    const empty = templates.filter((file) => !renderPixels(file).pixels.some((value, at) => at % 4 === 3 && value > 0));
    expect(templates).toHaveLength(trayFiles.length / 2);
    expect(notBlack.map((file) => file.path)).toEqual([]);
    expect(empty.map((file) => file.path)).toEqual([]);
  });

  it('show the state by shape: at every level and size, the five templates differ', () => {
    const alike: string[] = [];
    for (const level of trayLevels) {
      for (const size of [16, 32]) {
        const shapes = trayFiles
          .filter((file) => file.template && file.size === size && file.icon?.level === level)
          .map((file) => renderPixels(file).pixels.toString('base64'));
        if (new Set(shapes).size !== trayIconStates.length) alike.push(`level ${level} at ${size} px`);
      }
    }
    expect(alike).toEqual([]);
  });

  it('show the state colour at full strength in every colour icon but the empty plain ring', () => {
    const without = trayFiles
      .filter((file) => !file.template && !(file.icon?.state === 'normal' && file.icon.level === 0))
      .filter((file) => {
        const colour = stateColours[file.icon?.state ?? 'normal'];
        const [red, green, blue] = [1, 3, 5].map((at) => parseInt(colour.slice(at, at + 2), 16));
        const { pixels } = renderPixels(file);
        for (let at = 0; at < pixels.length; at += 4) {
          if (pixels[at] === red && pixels[at + 1] === green && pixels[at + 2] === blue && pixels[at + 3] === 255) {
            return false;
          }
        }
        return true;
      });
    expect(without.map((file) => file.path)).toEqual([]);
  });

  it('fill the ring further at each level', () => {
    const inked = (file: IconFile): number => {
      const { pixels } = renderPixels(file);
      let sum = 0;
      for (let at = 3; at < pixels.length; at += 4) sum += pixels[at] ?? 0;
      return sum;
    };
    const notRising = trayIconStates.filter((state) => {
      const byLevel = trayFiles
        .filter((file) => file.template && file.size === 32 && file.icon?.state === state)
        .sort((a, b) => (a.icon?.level ?? 0) - (b.icon?.level ?? 0))
        .map(inked);
      return byLevel.some((value, index) => index > 0 && value <= (byLevel[index - 1] ?? 0));
    });
    expect(notRising).toEqual([]);
  });
});

describe('npm run icons', () => {
  it('writes every icon and removes a tray icon no source makes', () => {
    const directory = mkdtempSync(join(tmpdir(), 'headroom-icons-'));
    try {
      mkdirSync(join(directory, TRAY_FOLDER));
      writeFileSync(join(directory, TRAY_FOLDER, 'retired-50.png'), 'old');
      const { written, removed } = makeIcons(directory);
      expect(written.map(({ path }) => path)).toEqual(files.map((file) => file.path));
      expect(removed).toEqual([`${TRAY_FOLDER}/retired-50.png`]);
      expect(readFileSync(join(directory, 'icon.png')).equals(renderPng(files.at(-1) as IconFile))).toBe(true);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
