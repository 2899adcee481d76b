import type { Codex, ThreadEvent, ThreadOptions } from '@openai/codex-sdk';
import { AgentSessionError } from '../../core/agent-session-error.js';
import { Capability } from '../../core/capability.js';
import { inputText } from '../../core/run-parts.js';
import { describeThrown } from '../../core/thrown-value.js';
import type { AdapterEvent } from '../../ports/adapter-event.js';
import type { AdapterExecuteRequest, AdapterResult } from '../../ports/adapter-execution.js';
import type { ProviderAdapter } from '../../ports/provider-adapter.js';
import { ABORTED, AbortRace } from '../kit/abort-race.js';
import { envSecrets, textRedactor } from '../kit/env-secrets.js';
import { loadOptionalPeer } from '../kit/optional-peer.js';
import { unstartableExecutable } from '../kit/unstartable-executable.js';
import { expectWorkingDirectory } from '../kit/working-directory.js';
import { codexFailureError } from './codex-errors.js';
import { type CodexAdapterOptions, type CodexSettings, codexSettings } from './codex-options.js';
import { CodexTurnTranslator } from './codex-translator.js';
import { codexRunUsage } from './codex-usage.js';
import { prepareThread, saveRolloutCopy } from './portable-thread.js';

type CodexSdk = typeof import('@openai/codex-sdk');

export const CODEX_SDK_PACKAGE = '@openai/codex-sdk';

/** The binary's warning when it cannot reach the API ("Reconnecting... waiting for network"). */
const OFFLINE = /waiting for network/i;

const CAPABILITIES = Object.freeze([
  Capability.create({
    name: 'command_execution',
    type: 'code_execution',
    description: 'runs shell commands in the sandbox',
  }),
  Capability.create({
    name: 'file_operations',
    type: 'file_access',
    description: 'reads and edits files in the working directory (apply_patch)',
  }),
  Capability.create({ name: 'tools', type: 'tool', description: 'MCP tools and web search' }),
  Capability.create({
    name: 'resume',
    type: 'sampling',
    description: 'native resume of the thread, also on another machine',
  }),
]);

/**
 * The Codex provider, on `@openai/codex-sdk` (an optional peer dependency). Each run is one turn
 * of the session's Codex thread (its `providerSessionId`), resumed with the same thread options;
 * the thread's rollout file is kept in the store after each run, so the next run resumes it also
 * on another machine or with another `CODEX_HOME` (a transcript replay when there is none).
 * Codex streams whole items: each answer is one `message_streamed` and one `message_received`,
 * commands and file changes are tool events, and each run reports its own usage (Codex reports
 * totals over the thread). Cancel and timeout abort the binary through the SDK's signal. Codex
 * has no system prompt: the session's `context.systemPrompt` goes ahead of a thread's first turn.
 *
 * @example
 * ```ts
 * import { SessionManager } from 'agent-session-manager';
 * import { CodexAdapter } from 'agent-session-manager/codex';
 *
 * const manager = new SessionManager({
 *   adapter: new CodexAdapter({ model: 'gpt-5.5', sandboxMode: 'workspace-write' }),
 * });
 * const { output } = await manager.runOnce({ agentId: 'fixer' }, 'Make the tests pass');
 * ```
 */
export class CodexAdapter implements ProviderAdapter {
  readonly specificationVersion = 'v1' as const;
  readonly name = 'codex';
  readonly model: string | null;
  readonly #settings: CodexSettings;
  readonly #redact: (text: string) => string;
  readonly #draining = new Set<Promise<void>>();

  constructor(options: CodexAdapterOptions = {}) {
    this.#settings = codexSettings(options);
    this.model = this.#settings.model;
    const secrets = envSecrets(this.#settings.env);
    if (this.#settings.apiKey !== undefined) secrets.unshift(this.#settings.apiKey);
    this.#redact = textRedactor(secrets);
  }

  capabilities(): readonly Capability[] {
    return CAPABILITIES;
  }

  async execute(request: AdapterExecuteRequest): Promise<AdapterResult> {
    const sdk = await loadOptionalPeer<CodexSdk>(CODEX_SDK_PACKAGE, 'CodexAdapter', 'codex');
    await expectWorkingDirectory(this.#settings.workingDirectory, 'workingDirectory');
    const plan = await prepareThread(request, this.#settings);
    const codex = this.#codex(sdk);
    const options = this.#threadOptions();
    const thread =
      plan.threadId === null
        ? codex.startThread(options)
        : codex.resumeThread(plan.threadId, options);
    const translator = new CodexTurnTranslator(request.run.id);
    const controller = new AbortController();
    const abort = () => controller.abort(request.signal.reason);
    request.signal.addEventListener('abort', abort, { once: true });
    const race = new AbortRace(request.signal);
    let events: AsyncGenerator<ThreadEvent> | null = null;
    try {
      const prompt = plan.prompt(inputText(request.run.input));
      const streamed = await race.race(thread.runStreamed(prompt, { signal: controller.signal }));
      if (streamed === ABORTED) throw this.#aborted(request);
      events = streamed.events;
      await this.#read(events, translator, request, race);
    } catch (error) {
      // A failure the binary does not end by itself (it waits for the network): stop it.
      if (!controller.signal.aborted) controller.abort(error);
      throw error;
    } finally {
      race.dispose();
      request.signal.removeEventListener('abort', abort);
      if (controller.signal.aborted && events !== null) this.#drain(events);
    }
    return this.#finish(request, translator);
  }

  /** Wait until the binaries of aborted runs have been reaped. */
  async close(): Promise<void> {
    await Promise.all(this.#draining);
  }

  #codex(sdk: CodexSdk): Codex {
    const s = this.#settings;
    try {
      return new sdk.Codex({
        env: { ...s.env },
        ...(s.codexPathOverride === undefined ? {} : { codexPathOverride: s.codexPathOverride }),
        ...(s.baseUrl === undefined ? {} : { baseUrl: s.baseUrl }),
        ...(s.apiKey === undefined ? {} : { apiKey: s.apiKey }),
        ...(s.config === undefined ? {} : { config: s.config as never }),
      });
    } catch (error) {
      throw new AgentSessionError(
        'provider_unavailable',
        `cannot find the codex binary: ${describeThrown(error).message} (npm install @openai/codex-sdk with its optional dependencies, or set codexPathOverride)`,
        { details: { provider: 'codex', package: '@openai/codex' } },
      );
    }
  }

  // Resuming needs the thread options again (the SDK does not keep them).
  #threadOptions(): ThreadOptions {
    const s = this.#settings;
    const options: ThreadOptions = { workingDirectory: s.workingDirectory };
    if (s.model !== null) options.model = s.model;
    if (s.sandboxMode !== undefined) options.sandboxMode = s.sandboxMode;
    if (s.approvalPolicy !== undefined) options.approvalPolicy = s.approvalPolicy;
    if (s.skipGitRepoCheck !== undefined) options.skipGitRepoCheck = s.skipGitRepoCheck;
    return options;
  }

  async #read(
    events: AsyncGenerator<ThreadEvent>,
    translator: CodexTurnTranslator,
    request: AdapterExecuteRequest,
    race: AbortRace,
  ): Promise<void> {
    for (;;) {
      let step: IteratorResult<ThreadEvent> | typeof ABORTED;
      try {
        step = await race.race(events.next());
      } catch (thrown) {
        if (request.signal.aborted) throw this.#aborted(request);
        throw this.#failure(translator, thrown);
      }
      if (step === ABORTED) throw this.#aborted(request);
      if (step.done === true) break;
      // Without a connection Codex waits for the network indefinitely, warning now and then.
      const offline = step.value.type === 'error' && OFFLINE.test(step.value.message);
      for (const event of translator.translate(step.value)) {
        if (request.signal.aborted) throw this.#aborted(request);
        const pending = request.emit(this.#redacted(event));
        if (pending !== undefined && (await race.race(pending)) === ABORTED) {
          throw this.#aborted(request);
        }
      }
      if (offline) throw this.#failure(translator, undefined);
    }
    if (translator.failure !== null) throw this.#failure(translator, undefined);
  }

  // Warnings quote the API's error messages, which may name the key.
  #redacted(event: AdapterEvent): AdapterEvent {
    if (event.type !== 'error_occurred') return event;
    return {
      ...event,
      data: { ...event.data, errorMessage: this.#redact(event.data.errorMessage) },
    };
  }

  #failure(translator: CodexTurnTranslator, thrown: unknown): AgentSessionError {
    const unstartable = unstartableExecutable(
      thrown,
      {
        provider: 'codex',
        executable: this.#settings.codexPathOverride,
        option: 'codexPathOverride',
        what: 'the codex binary',
        bundled: 'of @openai/codex (install @openai/codex-sdk with its optional dependencies)',
      },
      this.#redact,
    );
    if (unstartable !== null) return unstartable;
    return codexFailureError(
      {
        failure: translator.failure,
        warnings: translator.warnings,
        thrown,
        threadId: translator.threadId,
      },
      this.#redact,
    );
  }

  #aborted(request: AdapterExecuteRequest): AgentSessionError {
    return new AgentSessionError('cancelled', `Codex run ${request.run.id} was aborted`, {
      details: { runId: request.run.id },
    });
  }

  // After an abort the SDK kills the binary; reading the rest of its events lets it reap the
  // process. Nothing read here is emitted.
  #drain(events: AsyncGenerator<ThreadEvent>): void {
    const drained = (async () => {
      try {
        for await (const _ of events) {
          // discard
        }
      } catch {
        // The binary was killed: the SDK throws, as expected.
      }
    })().finally(() => this.#draining.delete(drained));
    this.#draining.add(drained);
  }

  async #finish(
    request: AdapterExecuteRequest,
    translator: CodexTurnTranslator,
  ): Promise<AdapterResult> {
    const threadId = translator.threadId ?? request.providerSessionId;
    const share =
      translator.usage !== null && threadId !== null
        ? codexRunUsage(translator.usage, threadId, request.previousState)
        : null;
    if (share !== null) {
      await request.emit({ type: 'token_usage_updated', data: { ...share.tokenUsage } });
    }
    if (threadId !== null) await saveRolloutCopy(request, this.#settings, threadId);
    return {
      output: {
        content: translator.finalResponse,
        stopReason: 'end_turn',
        toolCalls: translator.toolCalls,
      },
      tokenUsage: share?.tokenUsage ?? {},
      costUsd: null,
      providerSessionId: threadId,
      model: this.model,
      ...(share === null ? {} : { state: share.state }),
    };
  }
}
