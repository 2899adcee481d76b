#!/usr/bin/env node
// The fake Claude Code executable: speaks the CLI's stream-json protocol on stdin/stdout.
import { runFakeClaude } from './fake-claude-process.js';

runFakeClaude(process.argv.slice(2), process.env);
