// Runs the fake codex executable from its TypeScript sources (tests without a build).
import { register } from 'tsx/esm/api';

register();
await import('./fake-codex-bin.ts');
