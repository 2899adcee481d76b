/**
 * Wait for `promise` to settle, but no longer than `ms`, and not past an abort of `signal`.
 * Never rejects: what the promise does is the caller's business, this only bounds the wait.
 *
 * @example
 * ```ts
 * await settledWithin(child.whenExited(), 3_000, request.signal);
 * ```
 */
export async function settledWithin(
  promise: Promise<unknown>,
  ms: number,
  signal?: AbortSignal,
): Promise<void> {
  if (signal?.aborted) return;
  let timer: NodeJS.Timeout | undefined;
  let onAbort = () => {};
  await Promise.race([
    promise.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      onAbort = () => resolve();
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  ]);
  clearTimeout(timer);
  signal?.removeEventListener('abort', onAbort);
}
