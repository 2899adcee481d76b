import type { FakeResponsesRequest } from './fake-responses-types.js';

/** A tool call output item of the Responses API, without its ids. */
export type PlannedToolCall =
  | { readonly type: 'function_call'; readonly name: string; readonly arguments: string }
  | { readonly type: 'custom_tool_call'; readonly name: string; readonly input: string };

interface ToolLike {
  type?: unknown;
  name?: unknown;
}

function declaredTools(request: FakeResponsesRequest): readonly ToolLike[] {
  const tools = (request.body as { tools?: unknown } | null)?.tools;
  return Array.isArray(tools) ? (tools as ToolLike[]) : [];
}

function findTool(request: FakeResponsesRequest, name: string): ToolLike | undefined {
  return declaredTools(request).find((tool) => tool?.name === name);
}

/**
 * The call that asks the client to run `command`, in the shape of the shell tool the request
 * declares: `exec_command` `{ cmd }` (what Codex 0.163 sends with a known model), `shell_command`
 * `{ command }`, or `shell` `{ command: ['bash', '-lc', cmd] }`. Without any, `exec_command`.
 */
export function commandCall(request: FakeResponsesRequest, command: string): PlannedToolCall {
  if (findTool(request, 'exec_command') === undefined) {
    if (findTool(request, 'shell_command') !== undefined) {
      return {
        type: 'function_call',
        name: 'shell_command',
        arguments: JSON.stringify({ command }),
      };
    }
    if (findTool(request, 'shell') !== undefined) {
      const args = { command: ['bash', '-lc', command] };
      return { type: 'function_call', name: 'shell', arguments: JSON.stringify(args) };
    }
  }
  return {
    type: 'function_call',
    name: 'exec_command',
    arguments: JSON.stringify({ cmd: command }),
  };
}

/**
 * The `apply_patch` call: a freeform `custom_tool_call` whose input is the patch (how Codex 0.163
 * declares the tool), or a `function_call` with `{ input }` when the request declares a function.
 */
export function patchCall(request: FakeResponsesRequest, patch: string): PlannedToolCall {
  const tool = findTool(request, 'apply_patch');
  if (tool?.type === 'function') {
    return {
      type: 'function_call',
      name: 'apply_patch',
      arguments: JSON.stringify({ input: patch }),
    };
  }
  return { type: 'custom_tool_call', name: 'apply_patch', input: patch };
}
