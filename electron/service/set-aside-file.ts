import { existsSync, renameSync } from 'node:fs';

/**
 * Moves a file Headroom could not use out of the way, never deleting it (it may yet be recovered): renamed beside
 * itself as <name>.set-aside-<time>, or <name>.set-aside-<time>-2 and on when that is taken. Answers the new path;
 * throws what the rename throws, the file then left where it was.
 */
export function setFileAside(path: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  let aside = `${path}.set-aside-${stamp}`;
  for (let copy = 2; existsSync(aside); copy++) aside = `${path}.set-aside-${stamp}-${copy}`;
  renameSync(path, aside);
  return aside;
}
