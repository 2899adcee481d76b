import { performance } from 'node:perf_hooks';

/** Poll `check` every `everyMs` until it is true; false when `ms` passed first. */
export async function waitFor(check: () => boolean, ms: number, everyMs = 2): Promise<boolean> {
  const until = performance.now() + ms;
  for (;;) {
    if (check()) return true;
    if (performance.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Resolve after `ms`. */
export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));
