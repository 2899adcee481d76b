/** One HTTP request a fake model server received, as kept in its request log. */
export interface FakeHttpRequest {
  /** HTTP method, upper case (`POST`, `HEAD`, `GET`, …). */
  readonly method: string;
  /** Path without the query string, e.g. `/v1/messages`. */
  readonly path: string;
  /** The query string without `?` (`beta=true`), or `''`. */
  readonly query: string;
  /** Lower-cased request headers; `x-api-key` and `authorization` are replaced by `[redacted]`. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body parsed as JSON, or `null` when it was empty or not JSON. */
  readonly body: unknown;
  /** When the request arrived (ISO 8601). */
  readonly at: string;
}
