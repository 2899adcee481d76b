import { Run } from '../../core/run.js';
import { Session } from '../../core/session.js';
import { jsonData } from '../../core/validate.js';

// A session or run is JSON data through and through: reading it once as JSON first means a getter
// or Proxy trap that throws is a `validation_error` naming its path (`session.tags[0] could not be
// read`), and nothing of the caller's value is read again afterwards. Values the core built
// (`Session.create`, `Run.start`, … and what the stores return) are frozen and valid: they are
// taken as they are; anything else, a spread copy of one included, is checked in full.

/** `value` as a valid, frozen session (`validation_error` naming the field otherwise). */
export function checkSession(value: unknown, field = 'session'): Session {
  return Session.isBuilt(value) ? value : Session.fromJSON(jsonData(value, field));
}

/** `value` as a valid, frozen run (`validation_error` naming the field otherwise). */
export function checkRun(value: unknown, field = 'run'): Run {
  return Run.isBuilt(value) ? value : Run.fromJSON(jsonData(value, field));
}
