import { closeSync, mkdirSync, openSync, readSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Reads an asar archive (Electron's app archive) without a dependency: a Chromium pickle holding the size of the
 * header, then the header (a pickle holding a JSON tree of the files), then the files' bytes one after another.
 */
interface AsarNode {
  files?: Record<string, AsarNode>;
  size?: number;
  offset?: string;
  unpacked?: boolean;
  link?: string;
}

export interface Asar {
  /** Every path in the archive, '/'-separated without a leading slash, directories included. */
  paths: string[];
  /** Every file's path (no directories, no links). */
  files: string[];
  read(path: string): Buffer;
}

function readBytes(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const n = readSync(fd, buffer, read, length - read, position + read);
    if (n === 0) throw new Error(`asar ends early at ${position + read}`);
    read += n;
  }
  return buffer;
}

export function openAsar(archive: string): Asar {
  const fd = openSync(archive, 'r');
  try {
    // Pickle 1: [payload size = 4][header pickle size]. Pickle 2: [payload size][string length][JSON].
    const sizes = readBytes(fd, 0, 8);
    const headerPickleSize = sizes.readUInt32LE(4);
    const headerPickle = readBytes(fd, 8, headerPickleSize);
    const jsonLength = headerPickle.readInt32LE(4);
    const root = JSON.parse(headerPickle.toString('utf8', 8, 8 + jsonLength)) as AsarNode;
    const dataStart = 8 + headerPickleSize;

    const nodes = new Map<string, AsarNode>();
    const walk = (node: AsarNode, prefix: string) => {
      for (const [name, child] of Object.entries(node.files ?? {})) {
        const path = prefix ? `${prefix}/${name}` : name;
        nodes.set(path, child);
        if (child.files) walk(child, path);
      }
    };
    walk(root, '');
    const paths = [...nodes.keys()];
    const files = paths.filter((path) => {
      const node = nodes.get(path);
      return node !== undefined && !node.files && node.link === undefined;
    });
    return {
      paths,
      files,
      read(path) {
        const node = nodes.get(path);
        if (!node || node.files || node.offset === undefined || node.size === undefined) {
          throw new Error(`${path} is not a packed file in ${archive}`);
        }
        const handle = openSync(archive, 'r');
        try {
          return readBytes(handle, dataStart + Number(node.offset), node.size);
        } finally {
          closeSync(handle);
        }
      },
    };
  } finally {
    closeSync(fd);
  }
}

/** Writes the archive's files under `directory` as they are laid out in it (all of them, or those `wanted`). */
export function unpackAsar(asar: Asar, directory: string, wanted: (path: string) => boolean = () => true): void {
  for (const file of asar.files.filter(wanted)) {
    const target = join(directory, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, asar.read(file));
  }
}
