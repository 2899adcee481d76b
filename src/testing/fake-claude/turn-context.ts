import type { FakeClaudeArgs } from './cli-args.js';
import type { InitInfo } from './messages.js';
import type { SessionFile } from './session-file.js';
import type { Wire } from './wire.js';

/** What every turn of one fake Claude process shares. */
export interface TurnContext {
  readonly wire: Wire;
  readonly file: SessionFile;
  readonly sessionId: string;
  readonly model: string;
  readonly args: FakeClaudeArgs;
  readonly init: InitInfo;
}
