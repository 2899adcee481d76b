import { randomUUID } from 'node:crypto';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { claudeProjectDirName, claudeSessionFilePath } from '../../adapters/claude/project-dir.js';
import { parseCliArgs } from './cli-args.js';
import { FAKE_CLAUDE_LOG_ENV } from './fake-claude-env.js';
import { FAKE_CLAUDE_VERSION } from './messages.js';
import { readScript } from './read-script.js';
import { noConversationResult } from './result-message.js';
import { SessionFile } from './session-file.js';
import type { TurnContext } from './turn-context.js';
import { playTurn, type UserTurn } from './turn-player.js';
import { Wire } from './wire.js';

const BASE_TOOLS = ['Bash', 'Edit', 'Glob', 'Grep', 'Read', 'Write'];

interface InputLine {
  type?: unknown;
  request_id?: unknown;
  request?: { subtype?: unknown };
  message?: { content?: unknown };
  response?: Record<string, unknown>;
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .filter(
      (b): b is { type: 'text'; text: string } => b?.type === 'text' && typeof b.text === 'string',
    )
    .map((b) => b.text)
    .join('\n');
}

/** Runs the fake Claude Code CLI in this process: reads stdin until EOF, then exits. */
export function runFakeClaude(argv: readonly string[], env: NodeJS.ProcessEnv): void {
  const wire = new Wire(env[FAKE_CLAUDE_LOG_ENV]);
  wire.log({ argv: [...argv], cwd: process.cwd() });
  process.stdout.on('error', () => process.exit(0));
  const script = readScript(env);
  const args = parseCliArgs(argv);
  const cwd = process.cwd();
  const configDir = env.CLAUDE_CONFIG_DIR ?? join(env.HOME ?? homedir(), '.claude');
  const sessionId = args.resume ?? args.sessionId ?? script.sessionId ?? randomUUID();
  const path = claudeSessionFilePath(configDir, cwd, sessionId);
  const file = new SessionFile(path, sessionId, cwd, args.persistSession);
  const missingResume = args.resume !== undefined && !SessionFile.exists(path);
  if (args.resume !== undefined && !missingResume) file.load();
  const model = args.model ?? script.model ?? 'claude-sonnet-4-5';
  const toolNames = script.turns.flatMap((t) => ('toolUse' in t ? [t.toolUse.name] : []));
  const ctx: TurnContext = {
    wire,
    file,
    sessionId,
    model,
    args,
    init: {
      sessionId,
      cwd,
      model,
      tools: [...new Set([...BASE_TOOLS, ...toolNames])].filter(
        (t) => !args.disallowedTools.includes(t),
      ),
      permissionMode: args.permissionMode,
      apiKeySource: env.ANTHROPIC_API_KEY ? 'ANTHROPIC_API_KEY' : 'none',
      memoryDir: `${join(configDir, 'projects', claudeProjectDirName(cwd), 'memory')}/`,
      socketPath: join(env.CLAUDE_CODE_TMPDIR ?? tmpdir(), 'cc-socks', `${process.pid}.sock`),
      additionalDirectories: args.additionalDirectories,
    },
  };

  const queue: UserTurn[] = [];
  let turnIndex = 0;
  let running: AbortController | undefined;
  let eof = false;
  let lastWasError = false;

  const finish = () => process.exit(lastWasError ? 1 : 0);
  const failResume = () => {
    const message = `No conversation found with session ID: ${sessionId}`;
    process.stderr.write(`${message}\n`);
    wire.send(noConversationResult(sessionId, message));
    process.exit(1);
  };

  const pump = async () => {
    if (running !== undefined) return;
    for (let user = queue.shift(); user !== undefined; user = queue.shift()) {
      const turns = script.turns;
      const turn = turns.length === 0 ? undefined : turns[Math.min(turnIndex, turns.length - 1)];
      turnIndex++;
      running = new AbortController();
      lastWasError = await playTurn(ctx, turn, user, running.signal);
      running = undefined;
    }
    if (eof) finish();
  };

  const onControlRequest = (line: InputLine) => {
    const id = typeof line.request_id === 'string' ? line.request_id : '';
    const subtype = line.request?.subtype;
    switch (subtype) {
      case 'initialize':
        if (missingResume) return;
        wire.respond(id, {
          commands: [],
          agents: [],
          output_style: 'default',
          available_output_styles: ['default'],
          models: [
            { value: 'default', resolvedModel: model, displayName: 'Default', description: model },
          ],
          account: {
            tokenSource: 'none',
            apiKeySource: ctx.init.apiKeySource,
            apiProvider: 'firstParty',
          },
          pid: process.pid,
          claude_code_version: FAKE_CLAUDE_VERSION,
          current_permission_mode: args.permissionMode,
          session_state: 'idle',
        });
        return;
      case 'interrupt':
        wire.respond(id, { still_queued: [] });
        running?.abort();
        return;
      case 'set_permission_mode':
      case 'set_model':
      case 'set_max_thinking_tokens':
        wire.respond(id, {});
        return;
      default:
        wire.respondError(id, `Unsupported control request: ${String(subtype)}`);
    }
  };

  const input = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  input.on('line', (raw) => {
    wire.log({ stdin: raw });
    if (raw.trim() === '') return;
    let line: InputLine;
    try {
      line = JSON.parse(raw) as InputLine;
    } catch {
      process.stderr.write(`fake-claude: stdin line is not JSON: ${raw.slice(0, 200)}\n`);
      return;
    }
    if (line.type === 'control_request') onControlRequest(line);
    else if (line.type === 'control_response') wire.receiveResponse(line);
    else if (line.type === 'user') {
      if (missingResume) return failResume();
      const content = line.message?.content;
      queue.push({ content, text: textOf(content), resultIndex: turnIndex + queue.length });
      void pump();
    }
  });
  input.on('close', () => {
    eof = true;
    if (missingResume) return failResume();
    if (running === undefined && queue.length === 0) finish();
  });
}
