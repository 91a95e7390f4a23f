import { realpath } from 'node:fs/promises';
import path from 'node:path';

/**
 * Where a path really points: made absolute (against `base`, else the working directory), `.` and `..`
 * resolved, symlinks followed. A path that does not exist yet (an output to write) resolves through its
 * nearest existing folder, so a symlinked folder on the way still counts.
 */
export async function canonicalPath(p: string, base?: string): Promise<string> {
  const absolute = base === undefined ? path.resolve(p) : path.resolve(base, p);
  const missing: string[] = [];
  let existing = absolute;
  for (;;) {
    try {
      const real = await realpath(existing);
      return missing.length === 0 ? real : path.join(real, ...missing.reverse());
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return absolute;
      missing.push(path.basename(existing));
      existing = parent;
    }
  }
}

/** Whether `candidate` is `folder` or below it. Both must be canonical (see `canonicalPath`). */
export function isInside(folder: string, candidate: string): boolean {
  const relative = path.relative(folder, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** A path as people read it: the home folder shown as `~`. */
export function displayPath(p: string, home: string): string {
  if (home === '' || home === path.sep) return p;
  if (p === home) return '~';
  return p.startsWith(home + path.sep) ? `~${path.sep}${p.slice(home.length + 1)}` : p;
}
