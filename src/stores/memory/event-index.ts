import type { SessionEvent } from '../../core/session-event.js';

/**
 * The store-wide index of event ids, for idempotent appends. Ids made by `newId` only grow, so an
 * id greater than every stored one is new without a lookup: the map is built only when an id that
 * may repeat one arrives (a retry, a custom id), from `all()`, and kept up to date from then on.
 */
export class EventIndex {
  readonly #all: () => Iterable<SessionEvent>;
  #map: Map<string, SessionEvent> | null = null;
  // An upper bound of the stored ids ('' sorts before every id).
  #max = '';

  constructor(all: () => Iterable<SessionEvent>) {
    this.#all = all;
  }

  /** Whether `id` sorts after every stored id (then it is certainly new). */
  isAbove(id: string): boolean {
    return id > this.#max;
  }

  has(id: string): boolean {
    return id > this.#max ? false : this.map().has(id);
  }

  get(id: string): SessionEvent | undefined {
    return id > this.#max ? undefined : this.map().get(id);
  }

  add(event: SessionEvent): void {
    if (event.id > this.#max) this.#max = event.id;
    this.#map?.set(event.id, event);
  }

  delete(id: string): void {
    this.#map?.delete(id);
  }

  clear(): void {
    this.#map = null;
    this.#max = '';
  }

  /** Every stored event by id (built on first use). */
  map(): ReadonlyMap<string, SessionEvent> {
    if (this.#map === null) {
      const map = new Map<string, SessionEvent>();
      for (const event of this.#all()) map.set(event.id, event);
      this.#map = map;
    }
    return this.#map;
  }
}
