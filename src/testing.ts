// Entry point `agent-session-manager/testing`: conformance suites for implementers of the ports.
// Needs vitest (an optional peer dependency); the root entry point never loads this file.
export {
  type AdapterConformanceOptions,
  runAdapterConformance,
} from './testing/adapter-conformance/index.js';
export {
  runSessionStoreConformance,
  type SessionStoreConformanceOptions,
} from './testing/store-conformance/index.js';
