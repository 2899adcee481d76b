/**
 * An open stream of values: `push` adds one, `end` finishes it. It is what a warm session's
 * `query()` reads its user messages from, one per run.
 */
export class MessageQueue<T> implements AsyncIterable<T> {
  readonly #values: T[] = [];
  #waiting: ((result: IteratorResult<T, undefined>) => void) | null = null;
  #ended = false;

  push(value: T): void {
    if (this.#ended) return;
    const waiting = this.#waiting;
    if (waiting !== null) {
      this.#waiting = null;
      waiting({ value, done: false });
    } else {
      this.#values.push(value);
    }
  }

  end(): void {
    this.#ended = true;
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
    return {
      next: () => {
        const value = this.#values.shift();
        if (value !== undefined) return Promise.resolve({ value, done: false });
        if (this.#ended) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          this.#waiting = resolve;
        });
      },
      return: () => {
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}
