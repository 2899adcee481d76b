/** What `AbortRace.race` resolves with once the signal has aborted. */
export const ABORTED: unique symbol = Symbol('aborted');

/**
 * Races a provider's promises (the next stream message, an `emit`'s backpressure) against the
 * run's signal, so an adapter can give up at once on cancel or timeout instead of waiting for the
 * provider's own shutdown. `dispose` removes the listener.
 *
 * @example
 * ```ts
 * const race = new AbortRace(request.signal);
 * try {
 *   const step = await race.race(iterator.next());
 *   if (step === ABORTED) throw cancelled();
 * } finally {
 *   race.dispose();
 * }
 * ```
 */
export class AbortRace {
  readonly #signal: AbortSignal;
  readonly #aborted: Promise<typeof ABORTED>;
  #onAbort: () => void = () => {};

  constructor(signal: AbortSignal) {
    this.#signal = signal;
    this.#aborted = new Promise((resolve) => {
      this.#onAbort = () => resolve(ABORTED);
    });
    if (signal.aborted) this.#onAbort();
    else signal.addEventListener('abort', this.#onAbort, { once: true });
  }

  /** `promise`'s value, or `ABORTED` as soon as the signal aborts (a rejection passes through). */
  race<T>(promise: Promise<T>): Promise<T | typeof ABORTED> {
    return Promise.race([promise, this.#aborted]);
  }

  dispose(): void {
    this.#signal.removeEventListener('abort', this.#onAbort);
  }
}
