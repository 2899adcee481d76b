/**
 * What one executing run can do besides being aborted, as its adapter registers it. Every member
 * is optional: register only what the provider really supports; the manager answers the others
 * with `capability_not_supported`. Later versions add members here (`sendMessage`,
 * `answerApproval`), so adapters written against this one keep compiling.
 */
export interface RunControlHandlers {
  /** Stop the current turn but keep the conversation usable: `execute` then resolves. */
  readonly interrupt?: () => void | Promise<void>;
  /** Stop producing output until `resume`. */
  readonly pause?: () => void | Promise<void>;
  readonly resume?: () => void | Promise<void>;
}

/** The control operations an adapter can register. */
export type RunControlOperation = keyof RunControlHandlers;

/**
 * `request.control`: the handle through which an adapter registers what this run can do while it
 * executes. It belongs to one run, so no adapter keeps a map of runs. Registering merges: a member
 * given replaces the one registered before. Once `execute` has settled, the manager calls none of
 * them and further registrations are ignored.
 *
 * @example
 * ```ts
 * // Runs until interrupted (or aborted), then ends the turn.
 * const waiter: ProviderAdapter = {
 *   specificationVersion: 'v1',
 *   name: 'waiter',
 *   capabilities: () => [],
 *   async execute({ control, signal }) {
 *     await new Promise<void>((resolve) => {
 *       control.register({ interrupt: resolve });
 *       signal.addEventListener('abort', () => resolve(), { once: true });
 *     });
 *     return { output: { content: '', stopReason: 'interrupted', toolCalls: [] }, tokenUsage: {} };
 *   },
 * };
 * ```
 */
export interface AdapterRunControl {
  register(handlers: RunControlHandlers): void;
}
