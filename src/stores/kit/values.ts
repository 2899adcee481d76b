import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { jsonData } from '../../core/validate.js';

// A session or run is JSON data through and through: reading it once as JSON first means a getter
// or Proxy trap that throws is a `validation_error` naming its path (`session.tags[0] could not be
// read`), and nothing of the caller's value is read again afterwards. Frozen values (what
// `Session.create` and the stores return) are shared, not copied.

/** `value` as a valid, frozen session (`validation_error` naming the field otherwise). */
export function checkSession(value: unknown, field = 'session'): Session {
  return Session.fromJSON(jsonData(value, field));
}

/** `value` as a valid, frozen run (`validation_error` naming the field otherwise). */
export function checkRun(value: unknown, field = 'run'): Run {
  return Run.fromJSON(jsonData(value, field));
}
