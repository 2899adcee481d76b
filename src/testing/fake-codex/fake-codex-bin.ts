// The fake codex executable: one `codex exec --experimental-json` turn on stdin/stdout.
import { runFakeCodex } from './fake-codex-process.js';

process.exitCode = await runFakeCodex(process.argv.slice(2), process.env);
