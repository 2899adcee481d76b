import { invalid, typeName, unreadable } from './validate.js';

/** Largest provider session file a store accepts: 64 MiB. */
export const MAX_PROVIDER_FILE_BYTES = 64 * 1024 * 1024;

/**
 * The bytes of `value` (a `Uint8Array` of at most `max` bytes) in a new buffer, or a
 * `validation_error` naming `field`.
 */
export function copyProviderBytes(
  value: unknown,
  field: string,
  max = MAX_PROVIDER_FILE_BYTES,
): Uint8Array {
  if (value === undefined) invalid(field, 'is required');
  if (!(value instanceof Uint8Array))
    invalid(field, `must be a Uint8Array, got ${typeName(value)}`);
  let length: number;
  try {
    length = value.byteLength;
  } catch (error) {
    return unreadable(field, error);
  }
  if (length > max) {
    invalid(field, `must be at most ${max} bytes, got ${length}`);
  }
  let copy: Uint8Array;
  try {
    // `new Uint8Array(view)` copies; `slice` of a Buffer would share its memory.
    copy = new Uint8Array(value);
  } catch (error) {
    return unreadable(field, error);
  }
  return copy;
}
