import type { Options, SDKUserMessage } from '@anthropic-ai/claude-agent-sdk';
import { Capability } from '../../core/capability.js';
import { inputText } from '../../core/run-parts.js';
import type { AdapterExecuteRequest, AdapterResult } from '../../ports/adapter-execution.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import { envSecrets, textRedactor } from '../kit/env-secrets.js';
import { settledWithin } from '../kit/settle.js';
import { expectWorkingDirectory } from '../kit/working-directory.js';
import {
  type ClaudeAdapterOptions,
  type ClaudeSettings,
  claudeSettings,
} from './claude-options.js';
import { ClaudeTurnTranslator } from './claude-translator.js';
import { runClaudeTurn, type TurnEnd } from './claude-turn.js';
import { runUsage } from './claude-usage.js';
import { CliProcess } from './cli-process.js';
import { prepareResume, saveSessionCopy } from './portable-session.js';
import { loadClaudeSdk } from './sdk-loader.js';
import { ToolDecisions } from './tool-decisions.js';
import { WarmSessions } from './warm-sessions.js';

/** How long a one-shot query's CLI may take to exit after its result before it is ended. */
const EXIT_AFTER_RESULT_MS = 3_000;

const CAPABILITIES = Object.freeze([
  Capability.create({ name: 'streaming', type: 'sampling', description: 'token streaming' }),
  Capability.create({
    name: 'tools',
    type: 'tool',
    description: 'Claude Code tools (Bash, Read, Edit, …)',
  }),
  Capability.create({
    name: 'interrupt',
    type: 'sampling',
    description: 'stop a turn, keep the session',
  }),
  Capability.create({
    name: 'system_prompt',
    type: 'sampling',
    description: 'context.systemPrompt',
  }),
  Capability.create({
    name: 'resume',
    type: 'sampling',
    description: 'native resume, also on another machine',
  }),
  Capability.create({
    name: 'file_access',
    type: 'file_access',
    description: 'reads and edits files in cwd',
  }),
]);

/**
 * The Claude Code provider, on `@anthropic-ai/claude-agent-sdk` (an optional peer dependency).
 * Each run is one `query()` of the Claude Code CLI, resuming the session's Claude conversation
 * (its `providerSessionId`); the CLI's session file is kept in the store after each run, so the
 * next run resumes it also on another machine or with another config dir (a transcript replay
 * when there is none). Text deltas stream as `message_streamed`, tools as `tool_call_*` events,
 * and each run reports its own usage and cost (Claude Code's are totals over the session).
 * Cancel, timeout and shutdown interrupt the turn and end the CLI's process group at once.
 *
 * @example
 * ```ts
 * import { SessionManager } from 'agent-session-manager';
 * import { ClaudeAdapter } from 'agent-session-manager/claude';
 *
 * const manager = new SessionManager({
 *   adapter: new ClaudeAdapter({ model: 'claude-sonnet-4-5', allowedTools: ['Read', 'Grep'] }),
 * });
 * const { output } = await manager.runOnce({ agentId: 'reviewer' }, 'Summarise README.md');
 * ```
 */
export class ClaudeAdapter implements ProviderAdapter {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'claude';
  readonly model: string | null;
  readonly #settings: ClaudeSettings;
  readonly #redact: (text: string) => string;
  readonly #warm: WarmSessions | null;
  readonly #cleanups = new Set<Promise<void>>();
  /** The tool decisions of the run a warm process is serving now (it outlives the run it began in). */
  readonly #warmDecisions = new WeakMap<CliProcess, ToolDecisions>();

  constructor(options: ClaudeAdapterOptions = {}) {
    this.#settings = claudeSettings(options);
    this.model = this.#settings.model;
    this.#redact = textRedactor(envSecrets(this.#settings.env));
    this.#warm =
      this.#settings.keepAlive === null ? null : new WarmSessions(this.#settings.keepAlive.idleMs);
  }

  capabilities(): readonly Capability[] {
    return CAPABILITIES;
  }

  async execute(request: AdapterExecuteRequest): Promise<AdapterResult> {
    const sdk = await loadClaudeSdk();
    const s = this.#settings;
    await expectWorkingDirectory(s.cwd, 'cwd');
    const resume = await prepareResume(request, s, this.#warm);
    const prompt = resume.prompt(inputText(request.run.input));
    const decisions = new ToolDecisions();
    const translator = new ClaudeTurnTranslator(decisions);
    const options = (process: CliProcess): Options =>
      this.#options(request, resume.resumeId, process, decisions);
    let end: TurnEnd;
    let cliProcess: CliProcess;
    if (this.#warm !== null) {
      // A warm process that died idle (its exit not seen yet) fails before the turn began: the
      // run then starts again, once, on a new process resuming the same conversation.
      for (let attempt = 1; ; attempt++) {
        const warm = this.#warm.acquire(request.session.id, resume.resumeId, (input) => {
          const proc = new CliProcess(s.stderrLimit);
          return { process: proc, query: sdk.query({ prompt: input, options: options(proc) }) };
        });
        cliProcess = warm.process;
        this.#warmDecisions.set(cliProcess, decisions);
        try {
          end = await runClaudeTurn({
            ...this.#turnParams(request, translator, cliProcess),
            source: warm.send(userMessage(prompt)),
          });
          warm.release(translator.sessionId);
          break;
        } catch (error) {
          warm.discard();
          if (attempt > 1 || !warm.diedIdle || request.signal.aborted) throw error;
        }
      }
    } else {
      cliProcess = new CliProcess(s.stderrLimit);
      const query = sdk.query({ prompt, options: options(cliProcess) });
      const source = {
        next: () => query.next(),
        interrupt: () =>
          query.interrupt().then(
            () => undefined,
            () => undefined,
          ),
      };
      try {
        end = await runClaudeTurn({ ...this.#turnParams(request, translator, cliProcess), source });
        // The CLI writes the session's cost totals into its session file as it exits: wait for
        // that (bounded), so the copy kept in the store lets another config dir continue them.
        if (!end.interrupted) {
          await settledWithin(cliProcess.whenExited(), EXIT_AFTER_RESULT_MS, request.signal);
        }
      } finally {
        this.#track(this.#endOneShot(query, cliProcess, request.signal));
      }
    }
    return this.#finish(request, translator, end);
  }

  /** End every warm process and wait for the processes of finished runs to be gone. */
  async close(): Promise<void> {
    await Promise.all([this.#warm?.closeAll(), ...this.#cleanups]);
  }

  /** End the session's warm process, if it has one. */
  async closeSession(sessionId: string): Promise<void> {
    await this.#warm?.close(sessionId);
  }

  #turnParams(
    request: AdapterExecuteRequest,
    translator: ClaudeTurnTranslator,
    process: CliProcess,
  ) {
    return {
      translator,
      request,
      process,
      executable: this.#settings.executable,
      redact: this.#redact,
    };
  }

  #options(
    request: AdapterExecuteRequest,
    resumeId: string | null,
    process: CliProcess,
    decisions: ToolDecisions,
  ): Options {
    const s = this.#settings;
    const systemPrompt = request.session.context.systemPrompt;
    const options: Options = {
      settingSources: [],
      ...s.sdkOptions,
      cwd: s.cwd,
      env: { ...s.env },
      includePartialMessages: true,
      spawnClaudeCodeProcess: process.spawn,
    };
    if (s.model !== null) options.model = s.model;
    if (s.permissionMode !== undefined) options.permissionMode = s.permissionMode;
    if (s.allowedTools !== undefined) options.allowedTools = [...s.allowedTools];
    if (s.disallowedTools !== undefined) options.disallowedTools = [...s.disallowedTools];
    if (s.maxTurns !== undefined) options.maxTurns = s.maxTurns;
    if (s.executable !== undefined) options.pathToClaudeCodeExecutable = s.executable;
    const canUseTool = s.canUseTool;
    if (canUseTool !== undefined) {
      options.canUseTool = (toolName, input, callOptions) =>
        (this.#warmDecisions.get(process) ?? decisions).wrap(canUseTool)(
          toolName,
          input,
          callOptions,
        );
    }
    if (typeof systemPrompt === 'string' && systemPrompt !== '')
      options.systemPrompt = systemPrompt;
    if (resumeId !== null) options.resume = resumeId;
    return options;
  }

  // A one-shot query's CLI exits by itself after its result; one that does not (an abort, an
  // interrupt, a hang) is interrupted and its process group ended, so nothing of the run is left.
  async #endOneShot(
    query: { interrupt(): Promise<unknown>; return(value?: undefined): Promise<unknown> },
    process: CliProcess,
    signal: AbortSignal,
  ): Promise<void> {
    if (signal.aborted) {
      void query.interrupt().catch(() => undefined);
      await process.kill();
    } else {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, EXIT_AFTER_RESULT_MS);
      });
      await Promise.race([process.whenExited(), late]);
      clearTimeout(timer);
      await process.kill();
    }
    await query.return(undefined).catch(() => undefined);
  }

  #track(cleanup: Promise<void>): void {
    const tracked = cleanup.catch(() => undefined).finally(() => this.#cleanups.delete(tracked));
    this.#cleanups.add(tracked);
  }

  async #finish(
    request: AdapterExecuteRequest,
    translator: ClaudeTurnTranslator,
    end: TurnEnd,
  ): Promise<AdapterResult> {
    const { emit } = request;
    for (const event of translator.flush()) await emit(event);
    const sessionId = translator.sessionId ?? request.providerSessionId;
    const result = translator.result;
    const share =
      result !== null && sessionId !== null
        ? runUsage(result, sessionId, request.previousState)
        : null;
    if (share !== null) await emit({ type: 'token_usage_updated', data: { ...share.tokenUsage } });
    if (sessionId !== null) await saveSessionCopy(request, this.#settings, sessionId);
    const resultText = result?.subtype === 'success' && !end.interrupted ? result.result : '';
    const content = end.interrupted
      ? end.streamedText || translator.text
      : resultText || translator.text;
    return {
      output: {
        content,
        stopReason: end.interrupted ? 'interrupted' : (result?.stop_reason ?? 'end_turn'),
        toolCalls: translator.toolCalls,
      },
      tokenUsage: share?.tokenUsage ?? {},
      costUsd: share?.costUsd ?? null,
      providerSessionId: sessionId,
      model: translator.model ?? this.model,
      ...(share === null ? {} : { state: share.state }),
    };
  }
}

/** Resolves when `promise` settles, `ms` have passed or `signal` aborts, whichever is first. */

function userMessage(text: string): SDKUserMessage {
  return { type: 'user', message: { role: 'user', content: text }, parent_tool_use_id: null };
}
