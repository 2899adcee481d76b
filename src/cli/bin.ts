#!/usr/bin/env node
import { processSignals, watchOutput } from './io.js';
import { main } from './main.js';

const output = watchOutput(process.stdout, process.stderr);
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
  onSignal: processSignals(output),
  exit: (code) => process.exit(code),
  outputClosed: output.closed,
});
