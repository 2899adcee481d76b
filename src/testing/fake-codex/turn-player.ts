import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { httpErrorText } from './error-text.js';
import type { EventWriter } from './event-writer.js';
import type { FakeCodexTurn } from './fake-codex-script.js';
import type { Rollout } from './rollout.js';
import { turnUsage } from './usage.js';

/** What one turn needs from the process. */
export interface TurnContext {
  readonly out: EventWriter;
  readonly rollout: Rollout;
  readonly prompt: string;
  /** User turns the thread held before this one. */
  readonly history: number;
  /** The working directory (`--cd`). */
  readonly cwd: string;
  /** The Responses URL named in HTTP error texts. */
  readonly url: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Plays one turn after `turn.started`; resolves with the process's exit code. */
export async function playTurn(ctx: TurnContext, turn: FakeCodexTurn | undefined): Promise<number> {
  const { out } = ctx;
  if (turn !== undefined && 'hang' in turn) return hang(ctx);
  if (turn !== undefined && 'crash' in turn) {
    process.stderr.write(
      turn.stderr ?? "thread 'main' panicked at exec/src/lib.rs: fake codex crash\n",
    );
    return turn.exitCode ?? 1;
  }
  if (turn !== undefined && 'error' in turn) {
    const { status, message: apiMessage, requestId } = turn.error;
    const id = requestId === undefined ? `req_${randomBytes(16).toString('hex')}` : requestId;
    const message = httpErrorText(status, apiMessage, ctx.url, id ?? undefined);
    out.send({ type: 'error', message });
    out.send({ type: 'turn.failed', error: { message } });
    ctx.rollout.append('event_msg', { type: 'error', message });
    return 1;
  }
  let todoId: string | undefined;
  if (turn !== undefined && 'command' in turn) runCommand(ctx, turn.command);
  else if (turn !== undefined && 'fileChange' in turn) changeFile(ctx, turn.fileChange);
  else if (turn !== undefined && 'warning' in turn) {
    if (turn.asItem) out.completed({ type: 'error', message: turn.warning });
    else out.send({ type: 'error', message: turn.warning });
  } else if (turn !== undefined && 'todo' in turn) {
    todoId = out.itemId();
    out.send({ type: 'item.started', item: { id: todoId, type: 'todo_list', items: turn.todo } });
  }
  if (turn !== undefined && 'delayMs' in turn && (turn.delayMs ?? 0) > 0) {
    await sleep(turn.delayMs);
  }
  if (turn !== undefined && 'reasoning' in turn && turn.reasoning !== undefined) {
    out.completed({ type: 'reasoning', text: turn.reasoning });
  }
  const text =
    turn?.text ?? (turn === undefined ? `Echo: ${ctx.prompt} (history: ${ctx.history})` : 'Done.');
  out.completed({ type: 'agent_message', text });
  ctx.rollout.message('assistant', text);
  if (todoId !== undefined && turn !== undefined && 'todo' in turn) {
    out.send({ type: 'item.completed', item: { id: todoId, type: 'todo_list', items: turn.todo } });
  }
  ctx.rollout.addUsage(turnUsage(turn?.usage, ctx.prompt, text));
  ctx.rollout.append('event_msg', { type: 'task_complete', last_agent_message: text });
  out.send({ type: 'turn.completed', usage: ctx.rollout.totals });
  return 0;
}

/** The CLI quotes the command for `bash -lc` the way a POSIX shell would read it back. */
function shellQuote(command: string): string {
  return `'${command.replace(/'/g, `'"'"'`)}'`;
}

function runCommand(
  ctx: TurnContext,
  spec: { command: string; output: string; exitCode?: number },
): void {
  const id = ctx.out.itemId();
  const command = `/bin/bash -lc ${shellQuote(spec.command)}`;
  const base = { id, type: 'command_execution', command };
  ctx.out.send({
    type: 'item.started',
    item: { ...base, aggregated_output: '', exit_code: null, status: 'in_progress' },
  });
  const exitCode = spec.exitCode ?? 0;
  const status = exitCode === 0 ? 'completed' : 'failed';
  ctx.out.send({
    type: 'item.completed',
    item: { ...base, aggregated_output: spec.output, exit_code: exitCode, status },
  });
}

function changeFile(
  ctx: TurnContext,
  spec: { path: string; kind: 'add' | 'update' | 'delete'; content?: string },
): void {
  const id = ctx.out.itemId();
  const path = isAbsolute(spec.path) ? spec.path : join(ctx.cwd, spec.path);
  const changes = [{ path, kind: spec.kind }];
  ctx.out.send({
    type: 'item.started',
    item: { id, type: 'file_change', changes, status: 'in_progress' },
  });
  let status = 'completed';
  if (spec.kind === 'add') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, spec.content ?? 'Created by the fake codex.\n');
  } else if (!existsSync(path)) {
    status = 'failed';
  } else if (spec.kind === 'update') {
    appendFileSync(path, spec.content ?? 'Updated by the fake codex.\n');
  } else {
    rmSync(path);
  }
  ctx.out.send({ type: 'item.completed', item: { id, type: 'file_change', changes, status } });
}

/**
 * Blocks until a signal ends the process. A child `sleep` stands for the command the model was
 * running; on SIGTERM or SIGINT it is killed first, then the fake dies of the same signal.
 */
function hang(ctx: TurnContext): Promise<number> {
  // It inherits the environment, as the real CLI's commands do, so tests can find it by its env.
  const child = spawn('sleep', ['3600'], {
    stdio: 'ignore',
    env: { ...ctx.env, PATH: ctx.env.PATH ?? '/usr/bin:/bin' },
  });
  ctx.out.log({ child: child.pid });
  const die = (signal: NodeJS.Signals) => {
    child.kill('SIGKILL');
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.once(signal, die);
  return new Promise(() => undefined);
}
