import type { CanUseTool, PermissionResult } from '@anthropic-ai/claude-agent-sdk';
import { describeThrown } from '../../core/thrown-value.js';

/** A permission decision taken by `canUseTool` for one tool call, as recorded on its events. */
export interface ToolDecision {
  readonly toolName: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly behavior: 'allow' | 'deny';
  /** The deny message (or why the callback failed), when denied. */
  readonly message?: string;
}

/**
 * The `canUseTool` decisions of one run, by tool-use id, so the translator can put each one on its
 * tool's events. `wrap` returns the callback handed to the SDK: it calls the user's, records what
 * it decided, and turns a throw or a malformed answer into a recorded denial (the CLI then tells the
 * model the tool was denied) instead of an error inside the SDK.
 */
export class ToolDecisions {
  readonly #byToolUse = new Map<string, ToolDecision>();

  wrap(canUseTool: CanUseTool): CanUseTool {
    return async (toolName, input, options) => {
      let result: PermissionResult | null;
      try {
        result = (await canUseTool(toolName, input, options)) as PermissionResult | null;
      } catch (error) {
        result = {
          behavior: 'deny',
          message: `canUseTool threw: ${describeThrown(error).message}`,
        };
      }
      if (result === null || typeof result !== 'object') {
        result = { behavior: 'deny', message: 'canUseTool returned no decision' };
      }
      const decision: ToolDecision =
        result.behavior === 'allow'
          ? { toolName, input: result.updatedInput ?? input, behavior: 'allow' }
          : { toolName, input, behavior: 'deny', message: String(result.message ?? '') };
      this.#byToolUse.set(options.toolUseID, decision);
      // The SDK insists on `updatedInput` for an allow.
      return result.behavior === 'allow' ? { ...result, updatedInput: decision.input } : result;
    };
  }

  /** The decision recorded for a tool-use id, removed (each is reported once). */
  take(toolUseId: string): ToolDecision | undefined {
    const decision = this.#byToolUse.get(toolUseId);
    this.#byToolUse.delete(toolUseId);
    return decision;
  }
}
