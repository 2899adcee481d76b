import { copyProviderBytes } from '../../core/provider-file-bytes.js';
import { expectObject, expectString } from '../../core/validate.js';

export { MAX_PROVIDER_FILE_BYTES } from '../../core/provider-file-bytes.js';

/** A provider file as every store receives it: checked, with its own copy of the bytes. */
export interface CheckedProviderFile {
  readonly provider: string;
  readonly name: string;
  readonly data: Uint8Array;
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
