#!/usr/bin/env node
import { processSignals } from './io.js';
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  onSignal: processSignals,
  exit: (code) => process.exit(code),
});
