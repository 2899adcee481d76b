import { fileURLToPath } from 'node:url';

/**
 * Absolute path of the fake Claude Code executable, for the SDK's `pathToClaudeCodeExecutable`.
 * The SDK runs a `.js`/`.mjs` path with `node`, so no execute bit is needed. From the built package
 * this is `fake-claude-bin.js`; when this module runs from TypeScript sources (vitest, tsx) it is a
 * small `.mjs` launcher that loads the sources through tsx (a dev dependency).
 *
 * @example
 * ```ts
 * const q = query({ prompt: 'hi', options: { pathToClaudeCodeExecutable: fakeClaudeExecutable(), env } });
 * ```
 */
export function fakeClaudeExecutable(): string {
  const fromSource = import.meta.url.endsWith('.ts');
  const file = fromSource ? './fake-claude-from-source.mjs' : './fake-claude-bin.js';
  return fileURLToPath(new URL(file, import.meta.url));
}
