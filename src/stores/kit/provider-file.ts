import { expectObject, expectString, invalid, typeName, unreadable } from '../../core/validate.js';

/** Largest provider session file a store accepts: 64 MiB. */
export const MAX_PROVIDER_FILE_BYTES = 64 * 1024 * 1024;

/** A provider file as every store receives it: checked, with its own copy of the bytes. */
export interface CheckedProviderFile {
  readonly provider: string;
  readonly name: string;
  readonly data: Uint8Array;
}

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

/**
 * Check the `file` of `saveProviderFile` (`provider` and `name` non-empty strings, `data` a
 * `Uint8Array` of at most `MAX_PROVIDER_FILE_BYTES`) and copy its bytes, so the caller can change
 * its buffer afterwards without changing the store. Bad input throws `validation_error` naming
 * the field (`file.provider`, `file.name`, `file.data`).
 */
export function checkProviderFile(file: unknown): CheckedProviderFile {
  const o = expectObject(file, 'file');
  const provider = expectString(o.provider, 'file.provider');
  const name = expectString(o.name, 'file.name');
  const data = copyProviderBytes(o.data, 'file.data');
  return { provider, name, data };
}
