export { CodexAdapter } from './codex-adapter.js';
export type { CodexAdapterOptions, CodexConfigValue } from './codex-options.js';
