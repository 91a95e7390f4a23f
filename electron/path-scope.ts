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

/**
 * Text that shows as what it is: control, format (bidi overrides, zero-width) and line-separator characters,
 * which could fake lines or reorder a path in a dialog, written as `\u{…}`.
 */
export function visible(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}\u2028\u2029]/gu, (c) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`);
}

/** A path as people read it: the home folder shown as `~`, invisible characters made visible. */
export function displayPath(p: string, home: string): string {
  if (home === '' || home === path.sep) return visible(p);
  if (p === home) return '~';
  return visible(p.startsWith(home + path.sep) ? `~${path.sep}${p.slice(home.length + 1)}` : p);
}
