import { sessionStateChanged } from './messages.js';
import type { TurnContext } from './turn-context.js';

/** Whether a tool may run, and who decided (`source` as the CLI's `tool_result_meta` names it). */
export type PermissionDecision =
  | { readonly allow: true; readonly source: string }
  | { readonly allow: false; readonly message: string };

/**
 * Asks the SDK with a `can_use_tool` control request when it started the CLI with
 * `--permission-prompt-tool=stdio` (it has a `canUseTool` callback) and the tool is neither in
 * `--allowedTools` nor run under `bypassPermissions`; otherwise the tool runs. `undefined` when the
 * turn was interrupted while waiting.
 */
export async function askPermission(
  ctx: TurnContext,
  toolUseId: string,
  name: string,
  input: Readonly<Record<string, unknown>>,
  signal: AbortSignal,
): Promise<PermissionDecision | undefined> {
  const { args } = ctx;
  if (args.disallowedTools.includes(name)) {
    return { allow: false, message: `Permission to use ${name} has been denied.` };
  }
  if (
    !args.permissionPromptStdio ||
    args.allowedTools.includes(name) ||
    args.permissionMode === 'bypassPermissions'
  ) {
    return { allow: true, source: 'config' };
  }
  ctx.wire.send(sessionStateChanged(ctx.sessionId, 'requires_action'));
  const reply = await ctx.wire.request(
    {
      subtype: 'can_use_tool',
      tool_name: name,
      display_name: name,
      input,
      permission_suggestions: [],
      tool_use_id: toolUseId,
    },
    signal,
  );
  if (reply === undefined) return undefined;
  ctx.wire.send(sessionStateChanged(ctx.sessionId, 'running'));
  if (!reply.ok) return { allow: false, message: reply.error };
  const r = reply.response;
  if (r.behavior === 'allow') return { allow: true, source: 'user_temporary' };
  return {
    allow: false,
    message: typeof r.message === 'string' ? r.message : `Permission to use ${name} was denied.`,
  };
}
