#!/usr/bin/env node
// Runs the fake Claude executable from its TypeScript sources (tests without a build).
import { register } from 'tsx/esm/api';

register();
await import('./fake-claude-bin.ts');
