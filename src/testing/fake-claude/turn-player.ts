import { randomUUID } from 'node:crypto';
import { anthropicErrorType } from '../fake-anthropic/anthropic-error-body.js';
import type { FakeClaudeToolTurn, FakeClaudeTurn } from './fake-claude-script.js';
import {
  apiErrorAssistant,
  apiErrorText,
  sessionStateChanged,
  systemInit,
  systemStatusRequesting,
  userMessage,
} from './messages.js';
import { newToolUseId, playReply, type Reply } from './reply-stream.js';
import {
  apiErrorResult,
  interruptedResult,
  newTally,
  successResult,
  type TurnTally,
} from './result-message.js';
import { askPermission } from './tool-permission.js';
import type { TurnContext } from './turn-context.js';
import { listPriceUsd, tokensOf } from './usage.js';

/** One user message to answer. */
export interface UserTurn {
  readonly content: unknown;
  readonly text: string;
  readonly resultIndex: number;
}

function textReply(
  text: string,
  turn: {
    chunks?: readonly string[];
    delayMs?: number;
    thinking?: string;
    usage?: object;
    costUsd?: number;
  },
  stopReason: Reply['stopReason'] = 'end_turn',
): Reply {
  const tokens = tokensOf(turn.usage);
  return {
    blocks: [
      ...(turn.thinking === undefined
        ? []
        : [{ type: 'thinking' as const, thinking: turn.thinking }]),
      { type: 'text', text, chunks: turn.chunks ?? text.split(/(?<= )/) },
    ],
    tokens,
    costUsd: turn.costUsd ?? listPriceUsd(tokens),
    stopReason,
    delayMs: turn.delayMs ?? 0,
  };
}

function interrupt(
  ctx: TurnContext,
  tally: TurnTally,
  user: UserTurn,
  close?: () => void,
): boolean {
  const uuid = randomUUID();
  const content = [{ type: 'text', text: '[Request interrupted by user]' }];
  ctx.wire.send(userMessage(ctx.sessionId, content, uuid));
  ctx.file.append({ role: 'user', content }, uuid);
  close?.();
  ctx.wire.send(interruptedResult(ctx.sessionId, tally, ctx.file.costState, user.resultIndex));
  return true;
}

async function playTool(
  ctx: TurnContext,
  turn: FakeClaudeToolTurn,
  tally: TurnTally,
  user: UserTurn,
  signal: AbortSignal,
): Promise<boolean> {
  const { name, output, isError } = turn.toolUse;
  const id = newToolUseId();
  const tokens = tokensOf(undefined);
  const call = await playReply(
    ctx,
    {
      blocks: [{ type: 'tool_use', id, name, input: turn.toolUse.input }],
      tokens,
      costUsd: listPriceUsd(tokens),
      stopReason: 'tool_use',
      delayMs: 0,
    },
    tally,
    signal,
  );
  if (call.aborted) return interrupt(ctx, tally, user, call.close);
  const decision = await askPermission(ctx, id, name, turn.toolUse.input, signal);
  if (decision === undefined) return interrupt(ctx, tally, user);
  const uuid = randomUUID();
  let content: Record<string, unknown>[];
  let extra: Record<string, unknown>;
  if (decision.allow) {
    content = [
      { tool_use_id: id, type: 'tool_result', content: output, is_error: isError === true },
    ];
    extra = {
      tool_use_result:
        name === 'Bash'
          ? {
              stdout: output,
              stderr: '',
              interrupted: false,
              isImage: false,
              noOutputExpected: false,
            }
          : output,
      tool_result_meta: [
        { id, permission_decision: { decision: 'accept', source: decision.source } },
      ],
    };
  } else {
    tally.denials.push({ tool_name: name, tool_use_id: id, tool_input: turn.toolUse.input });
    content = [{ type: 'tool_result', content: decision.message, is_error: true, tool_use_id: id }];
    extra = {
      tool_use_result: `Error: ${decision.message}`,
      tool_result_meta: [
        {
          id,
          non_execution_kind: 'permission-rule',
          permission_decision: { decision: 'reject', source: 'user_reject' },
        },
      ],
    };
  }
  ctx.wire.send(userMessage(ctx.sessionId, content, uuid, extra));
  ctx.file.append({ role: 'user', content }, uuid);
  ctx.wire.send(systemStatusRequesting(ctx.sessionId));
  const answer = await playReply(ctx, textReply(turn.text ?? 'Done.', {}), tally, signal);
  if (answer.aborted) return interrupt(ctx, tally, user, answer.close);
  ctx.wire.send(successResult(ctx.sessionId, tally, ctx.file.costState, user.resultIndex));
  return false;
}

/**
 * Answers one user message with the scripted turn (or the default echo) and returns whether its
 * result is an error. A `crash` turn exits the process instead.
 */
export async function playTurn(
  ctx: TurnContext,
  turn: FakeClaudeTurn | undefined,
  user: UserTurn,
  signal: AbortSignal,
): Promise<boolean> {
  const history = ctx.file.messageCount;
  ctx.wire.send(sessionStateChanged(ctx.sessionId, 'running'));
  ctx.wire.send(systemInit(ctx.init));
  ctx.file.append({ role: 'user', content: user.content });
  ctx.wire.send(systemStatusRequesting(ctx.sessionId));
  const tally = newTally();
  let isError = false;
  const script = turn ?? { text: `Echo: ${user.text} (history: ${history})` };
  if ('crash' in script) {
    process.stderr.write(script.stderr ?? 'fake-claude: scripted crash in the middle of a turn\n');
    process.exit(1);
  } else if ('hang' in script) {
    const tokens = tokensOf(undefined);
    const reply = { ...textReply('', {}), tokens, hang: true };
    const outcome = await playReply(ctx, reply, tally, signal);
    isError = interrupt(ctx, tally, user, outcome.aborted ? outcome.close : undefined);
  } else if ('error' in script) {
    const status = script.error.status;
    const type = anthropicErrorType(status);
    const text = apiErrorText(
      status,
      script.error.message ?? `Fake Anthropic error ${status} (${type})`,
    );
    const uuid = randomUUID();
    tally.requests = 1;
    ctx.wire.send(apiErrorAssistant(ctx.sessionId, status, type, text, uuid));
    ctx.file.append({ role: 'assistant', content: [{ type: 'text', text }] }, uuid);
    ctx.wire.send(
      apiErrorResult(ctx.sessionId, tally, ctx.file.costState, user.resultIndex, {
        status,
        type,
        text,
      }),
    );
    isError = true;
  } else if ('toolUse' in script) {
    isError = await playTool(ctx, script, tally, user, signal);
  } else {
    const outcome = await playReply(ctx, textReply(script.text, script), tally, signal);
    if (outcome.aborted) isError = interrupt(ctx, tally, user, outcome.close);
    else ctx.wire.send(successResult(ctx.sessionId, tally, ctx.file.costState, user.resultIndex));
  }
  ctx.file.saveCost();
  ctx.wire.send(sessionStateChanged(ctx.sessionId, 'idle'));
  return isError;
}
