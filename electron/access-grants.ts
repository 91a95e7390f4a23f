import type { AccessMode } from '../shared/host-contract.ts';

/**
 * The paths the user let Sluice use in this session: picked in main's open dialog, or allowed when a
 * project asked. Keyed by canonical path (see `path-scope.ts`). Paths a project asked for and the user
 * did not allow are kept too, so a refusal can say why.
 */
export class AccessGrants {
  readonly #granted = new Set<string>();
  readonly #refused = new Map<string, string>();

  grant(mode: AccessMode, canonical: string): void {
    this.#granted.add(key(mode, canonical));
    this.#refused.delete(key(mode, canonical));
  }

  /** A project named `project` asked for this path and the user did not allow it (an earlier grant stays). */
  refuse(mode: AccessMode, canonical: string, project: string): void {
    if (!this.allows(mode, canonical)) this.#refused.set(key(mode, canonical), project);
  }

  allows(mode: AccessMode, canonical: string): boolean {
    return this.#granted.has(key(mode, canonical));
  }

  /** The project whose request for this path the user refused, if any. */
  refusedFor(mode: AccessMode, canonical: string): string | undefined {
    return this.#refused.get(key(mode, canonical));
  }
}

const key = (mode: AccessMode, canonical: string) => `${mode}\u0000${canonical}`;
