// Reading what was thrown without being thrown at again: a value may be a Proxy whose traps throw,
// an Error whose getters throw, or something `String()` cannot convert.

/** Longest description of a thrown value kept in an error message. */
export const MAX_DESCRIPTION_LENGTH = 4096;

function clip(text: string, max = MAX_DESCRIPTION_LENGTH): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

/** `read()`, or `fallback` when reading throws (a getter, a Proxy trap, a revoked Proxy). */
export function attempt<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/** Whether `value` is an `Error`, without letting a Proxy trap throw. */
export function isErrorSafe(value: unknown): value is Error {
  return attempt(() => value instanceof Error, false);
}

/** A string property of an object, or null when it is missing, not a string or unreadable. */
export function stringProperty(value: object, key: string): string | null {
  return attempt(() => {
    const v = (value as Record<string, unknown>)[key];
    return typeof v === 'string' ? v : null;
  }, null);
}

/**
 * A short description of any thrown value, `{ name, message }`, that never throws itself: values
 * `String()` cannot convert (`Object.create(null)`, a throwing `toString`, a Proxy, a revoked
 * Proxy, a Symbol) are described by their type. `printable` is false when the value resisted
 * being read, so it must not be kept as a `cause` either.
 */
export function describeThrown(value: unknown): {
  name: string;
  message: string;
  printable: boolean;
} {
  switch (typeof value) {
    case 'string':
      return { name: 'string', message: clip(value), printable: true };
    case 'undefined':
      return { name: 'undefined', message: 'undefined', printable: true };
    case 'symbol':
      return {
        name: 'symbol',
        message: attempt(() => clip(value.toString()), 'Symbol()'),
        printable: true,
      };
    case 'bigint':
    case 'number':
    case 'boolean':
      return { name: typeof value, message: attempt(() => String(value), '?'), printable: true };
    case 'function':
      return { name: 'function', message: 'a function', printable: true };
  }
  if (value === null) return { name: 'null', message: 'null', printable: true };
  const obj = value as object;
  if (isErrorSafe(obj)) {
    const name = stringProperty(obj, 'name');
    const message = stringProperty(obj, 'message');
    return {
      name: clip(name ?? 'Error', 128),
      message: message === null ? 'an error whose message cannot be read' : clip(message),
      printable: name !== null && message !== null,
    };
  }
  const text = attempt<string | null>(() => {
    const s = String(obj);
    return typeof s === 'string' ? s : null;
  }, null);
  if (text !== null) return { name: 'object', message: clip(text), printable: true };
  return { name: 'object', message: 'an unprintable object', printable: false };
}
