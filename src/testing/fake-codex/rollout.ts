import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CodexUsage, zeroUsage } from './usage.js';

/** The CLI version the fake reports in its rollout files. */
export const FAKE_CODEX_CLI_VERSION = '0.163.0';

/** A thread id shaped like the real CLI's (a UUID v7: time first, then random bits). */
export function newThreadId(now = Date.now()): string {
  const hex = now.toString(16).padStart(12, '0') + randomBytes(10).toString('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-YYYY-MM-DDTHH-MM-SS-<id>.jsonl`, local time as the CLI. */
export function rolloutPath(codexHome: string, threadId: string, at: Date): string {
  const day = [String(at.getFullYear()), pad(at.getMonth() + 1), pad(at.getDate())];
  const time = [pad(at.getHours()), pad(at.getMinutes()), pad(at.getSeconds())].join('-');
  return join(codexHome, 'sessions', ...day, `rollout-${day.join('-')}T${time}-${threadId}.jsonl`);
}

/** The rollout of `threadId` anywhere under `$CODEX_HOME/sessions` (the CLI finds it by id). */
export function findRollout(codexHome: string, threadId: string): string | undefined {
  const root = join(codexHome, 'sessions');
  if (!existsSync(root)) return undefined;
  const suffix = `-${threadId}.jsonl`;
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.startsWith('rollout-') && entry.name.endsWith(suffix)) {
      return join(entry.parentPath, entry.name);
    }
  }
  return undefined;
}

interface RolloutLine {
  type?: string;
  payload?: {
    type?: string;
    role?: string;
    content?: { type?: string; text?: string }[];
    info?: { total_token_usage?: Partial<CodexUsage> } | null;
  };
}

/** Context the real CLI injects as user messages; not turns of the conversation. */
const INJECTED = /^(<environment_context>|<user_instructions>|# AGENTS\.md)/;

/**
 * A thread's rollout file, in the real CLI's line format (`session_meta` first, then
 * `response_item` and `event_msg` lines): the fake reads back the user turns and the last
 * `token_count` totals, so a resumed thread continues its history and its cumulative usage.
 */
export class Rollout {
  private ordinal = 0;
  /** The user prompts of earlier turns. */
  readonly userTurns: string[] = [];
  totals: CodexUsage = zeroUsage();

  private constructor(readonly path: string) {}

  static create(path: string, meta: Record<string, unknown>): Rollout {
    const rollout = new Rollout(path);
    mkdirSync(join(path, '..'), { recursive: true });
    rollout.append('session_meta', meta);
    return rollout;
  }

  static load(path: string): Rollout {
    const rollout = new Rollout(path);
    for (const raw of readFileSync(path, 'utf8').split('\n')) {
      if (raw.trim() === '') continue;
      let line: RolloutLine;
      try {
        line = JSON.parse(raw) as RolloutLine;
      } catch {
        continue;
      }
      rollout.ordinal++;
      const p = line.payload;
      if (line.type === 'response_item' && p?.type === 'message' && p.role === 'user') {
        const text = (p.content ?? []).map((c) => c.text ?? '').join('\n');
        if (!INJECTED.test(text)) rollout.userTurns.push(text);
      } else if (line.type === 'event_msg' && p?.type === 'token_count' && p.info) {
        rollout.totals = { ...zeroUsage(), ...p.info.total_token_usage };
      }
    }
    return rollout;
  }

  append(type: string, payload: Record<string, unknown>): void {
    const line = { timestamp: new Date().toISOString(), ordinal: this.ordinal++, type, payload };
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
  }

  message(role: 'user' | 'assistant', text: string): void {
    const type = role === 'user' ? 'input_text' : 'output_text';
    this.append('response_item', { type: 'message', role, content: [{ type, text }] });
    if (role === 'user') this.userTurns.push(text);
  }

  addUsage(last: CodexUsage): void {
    const t = this.totals;
    this.totals = {
      input_tokens: t.input_tokens + last.input_tokens,
      cached_input_tokens: t.cached_input_tokens + last.cached_input_tokens,
      cache_write_input_tokens: t.cache_write_input_tokens + last.cache_write_input_tokens,
      output_tokens: t.output_tokens + last.output_tokens,
      reasoning_output_tokens: t.reasoning_output_tokens + last.reasoning_output_tokens,
    };
    const total = (u: CodexUsage) => ({ ...u, total_tokens: u.input_tokens + u.output_tokens });
    this.append('event_msg', {
      type: 'token_count',
      info: { total_token_usage: total(this.totals), last_token_usage: total(last) },
    });
  }
}
