export { ClaudeAdapter } from './claude-adapter.js';
export type {
  ClaudeAdapterOptions,
  ClaudeKeepAlive,
  ClaudeSdkOptions,
} from './claude-options.js';
export type { ToolDecision } from './tool-decisions.js';
