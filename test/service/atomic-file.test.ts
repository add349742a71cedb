import fs, { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { removeTempsLeftByACrash, setFileAside, writeFileAtomically } from '../../electron/service/atomic-file';

const now = Date.UTC(2026, 0, 5, 9, 30);
let directory: string;
let file: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'headroom-atomic-'));
  file = join(directory, 'kept.json');
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(directory, { recursive: true, force: true });
});

const failWith = (code: string) => () => {
  throw Object.assign(new Error(code), { code });
};

describe('writing a file atomically', () => {
  it('writes the whole text, and leaves nothing else beside it', () => {
    writeFileAtomically(file, 'first');
    writeFileAtomically(file, 'second');
    expect(readFileSync(file, 'utf8')).toBe('second');
    expect(readdirSync(directory)).toEqual(['kept.json']);
  });

  it.each([
    ['the write', 'writeSync'],
    ['the flush', 'fsyncSync'],
    ['the rename', 'renameSync'],
  ] as const)('leaves the old file whole, and no temp file, when %s fails', (_step, call) => {
    writeFileAtomically(file, 'old and whole');
    vi.spyOn(fs, call).mockImplementationOnce(failWith('EIO'));
    expect(() => writeFileAtomically(file, 'new')).toThrow(expect.objectContaining({ code: 'EIO' }));
    expect(readFileSync(file, 'utf8')).toBe('old and whole');
    expect(readdirSync(directory)).toEqual(['kept.json']);
  });

  it.skipIf(process.platform === 'win32')('writes it for its owner only, in a folder only its owner opens', () => {
    const inFolder = join(directory, 'new', 'kept.json');
    writeFileAtomically(inFolder, 'text');
    expect(statSync(inFolder).mode & 0o777).toBe(0o600);
    expect(statSync(join(directory, 'new')).mode & 0o777).toBe(0o700);
  });
});

describe('the temp files a crash left', () => {
  it('are removed, and nothing else is', () => {
    writeFileAtomically(file, 'whole');
    writeFileSync(join(directory, 'kept.json.4242-1.tmp'), '{"half": ');
    writeFileSync(join(directory, 'other.json.4242-1.tmp'), 'another file’s');
    writeFileSync(join(directory, 'kept.json.set-aside-2026-01-05T09-30-00-000Z'), 'set aside');
    removeTempsLeftByACrash(file);
    expect(readdirSync(directory).sort()).toEqual([
      'kept.json',
      'kept.json.set-aside-2026-01-05T09-30-00-000Z',
      'other.json.4242-1.tmp',
    ]);
    expect(readFileSync(file, 'utf8')).toBe('whole');
  });

  it('are nothing to tidy, and no error, when there is no folder yet', () => {
    expect(() => removeTempsLeftByACrash(join(directory, 'absent', 'kept.json'))).not.toThrow();
  });
});

describe('setting a bad file aside', () => {
  it('renames it beside itself, stamped with the time, and numbers a second one at the same moment', () => {
    writeFileSync(file, 'bad');
    expect(setFileAside(file, now)).toBe(`${file}.set-aside-2026-01-05T09-30-00-000Z`);
    writeFileSync(file, 'bad again');
    expect(setFileAside(file, now)).toBe(`${file}.set-aside-2026-01-05T09-30-00-000Z-2`);
    expect(readdirSync(directory).sort()).toEqual([
      'kept.json.set-aside-2026-01-05T09-30-00-000Z',
      'kept.json.set-aside-2026-01-05T09-30-00-000Z-2',
    ]);
    expect(readFileSync(`${file}.set-aside-2026-01-05T09-30-00-000Z`, 'utf8')).toBe('bad');
  });

  it('throws what the rename throws, the file then left where it was', () => {
    writeFileSync(file, 'bad');
    vi.spyOn(fs, 'renameSync').mockImplementationOnce(failWith('EACCES'));
    expect(() => setFileAside(file, now)).toThrow(expect.objectContaining({ code: 'EACCES' }));
    expect(readdirSync(directory)).toEqual(['kept.json']);
  });
});
