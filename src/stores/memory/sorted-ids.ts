/**
 * Ids kept in ascending order, for keyset pagination. Ids are time-ordered, so inserts are almost
 * always appends; the rare out-of-order insert is a binary search and a splice.
 */
export class SortedIds {
  readonly #ids: string[] = [];

  get size(): number {
    return this.#ids.length;
  }

  insert(id: string): void {
    const ids = this.#ids;
    const last = ids[ids.length - 1];
    if (last === undefined || id > last) {
      ids.push(id);
      return;
    }
    const i = this.#lowerBound(id);
    if (ids[i] !== id) ids.splice(i, 0, id);
  }

  clear(): void {
    this.#ids.length = 0;
  }

  remove(id: string): void {
    const i = this.#lowerBound(id);
    if (this.#ids[i] === id) this.#ids.splice(i, 1);
  }

  /** The ids greater than `afterId` (all ids when it is null), in ascending order. */
  *after(afterId: string | null): IterableIterator<string> {
    const ids = this.#ids;
    let i = afterId === null ? 0 : this.#upperBound(afterId);
    for (; i < ids.length; i++) yield ids[i] as string;
  }

  #lowerBound(id: string): number {
    let lo = 0;
    let hi = this.#ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#ids[mid] as string) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #upperBound(id: string): number {
    let lo = 0;
    let hi = this.#ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#ids[mid] as string) <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
