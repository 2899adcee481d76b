export { MockAdapter } from './mock-adapter.js';
export type {
  MockAdapterOptions,
  MockFailure,
  MockReplyContext,
  MockToolCall,
} from './mock-options.js';
