/**
 * One page of a keyset-paginated listing. Pass `nextCursor` back as `cursor` to get the next page;
 * it is `null` on the last page. Cursors are opaque strings: a malformed one throws `invalid_cursor`.
 */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}
