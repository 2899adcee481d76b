import { describe, expect, it } from 'vitest';
import { RunHandle } from './run-handle.js';

describe('RunHandle control registrations', () => {
  it('keeps what the run registers only between openControl and closeControl', () => {
    const handle = new RunHandle('run_1', 'ses_1');
    expect(handle.executing).toBe(false);
    expect(handle.handler('interrupt')).toBeUndefined();
    const control = handle.openControl();
    expect(handle.executing).toBe(true);
    const interrupt = () => {};
    control.register({ interrupt });
    expect(handle.handler('interrupt')).toBe(interrupt);
    expect(handle.handler('pause')).toBeUndefined();
    handle.closeControl();
    expect(handle.executing).toBe(false);
    expect(handle.handler('interrupt')).toBeUndefined();
    control.register({ pause: () => {} });
    expect(handle.handler('pause')).toBeUndefined();
    // A second execute of the same handle is not a thing: the control stays closed.
    handle.openControl().register({ resume: () => {} });
    expect(handle.handler('resume')).toBeUndefined();
  });

  it('merges registrations and ignores members that are not functions', () => {
    const handle = new RunHandle('run_1', 'ses_1');
    const control = handle.openControl();
    const first = () => {};
    const second = () => {};
    control.register({ interrupt: first, pause: first });
    control.register({ interrupt: second });
    control.register({ resume: 'yes' } as never);
    control.register(null as never);
    expect(handle.handler('interrupt')).toBe(second);
    expect(handle.handler('pause')).toBe(first);
    expect(handle.handler('resume')).toBeUndefined();
    expect(Object.isFrozen(control)).toBe(true);
  });
});
