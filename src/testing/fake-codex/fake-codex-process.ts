import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { NOT_TRUSTED_TEXT, noRolloutText, STDIN_NOTICE } from './error-text.js';
import { EventWriter } from './event-writer.js';
import { parseExecArgs, responsesUrl, tomlString } from './exec-args.js';
import { FAKE_CODEX_LOG_ENV } from './fake-codex-env.js';
import { readScript } from './read-script.js';
import {
  FAKE_CODEX_CLI_VERSION,
  findRollout,
  newThreadId,
  Rollout,
  rolloutPath,
} from './rollout.js';
import { playTurn } from './turn-player.js';

function insideGitRepo(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, '.git'))) return true;
    if (dirname(d) === d) return false;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Runs one `codex exec --experimental-json` turn in this process: reads the prompt from stdin,
 * prints thread events as JSON lines, keeps the thread in a rollout file under `CODEX_HOME`.
 * Resolves with the exit code.
 */
export async function runFakeCodex(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<number> {
  const out = new EventWriter(env[FAKE_CODEX_LOG_ENV]);
  out.log({ argv: [...argv], cwd: process.cwd() });
  process.stdout.on('error', () => process.exit(0));
  process.stderr.write(STDIN_NOTICE);
  const script = readScript(env);
  if (typeof script === 'string') {
    process.stderr.write(script);
    return 2;
  }
  const args = parseExecArgs(argv);
  const cwd = resolve(args.cd ?? process.cwd());
  if (!existsSync(cwd)) {
    process.stderr.write('Error: No such file or directory (os error 2)\n');
    return 1;
  }
  if (!args.skipGitRepoCheck && !insideGitRepo(cwd)) {
    process.stderr.write(NOT_TRUSTED_TEXT);
    return 1;
  }
  const codexHome = env.CODEX_HOME ?? join(env.HOME ?? homedir(), '.codex');
  let rollout: Rollout;
  let threadId: string;
  if (args.resume !== undefined) {
    threadId = args.resume;
    const path = findRollout(codexHome, threadId);
    if (path === undefined) {
      process.stderr.write(noRolloutText(threadId));
      return 1;
    }
    rollout = Rollout.load(path);
  } else {
    threadId = newThreadId();
    const now = new Date();
    rollout = Rollout.create(rolloutPath(codexHome, threadId, now), {
      session_id: threadId,
      id: threadId,
      timestamp: now.toISOString(),
      cwd,
      originator: env.CODEX_INTERNAL_ORIGINATOR_OVERRIDE ?? 'codex_cli_rs',
      cli_version: FAKE_CODEX_CLI_VERSION,
      source: 'exec',
      model_provider: tomlString(args.config.get('model_provider')) ?? 'openai',
    });
  }
  const prompt = await readStdin();
  out.log({ stdin: prompt });
  const history = rollout.userTurns.length;
  out.send({ type: 'thread.started', thread_id: threadId });
  out.send({ type: 'turn.started' });
  rollout.append('event_msg', { type: 'task_started' });
  rollout.append('turn_context', {
    cwd,
    model: args.model ?? 'gpt-5.5',
    sandbox_policy: { type: args.sandbox ?? 'read-only' },
    approval_policy: tomlString(args.config.get('approval_policy')) ?? 'never',
  });
  rollout.message('user', prompt);
  const turns = script.turns;
  const turn = turns.length === 0 ? undefined : turns[Math.min(history, turns.length - 1)];
  return playTurn({ out, rollout, prompt, history, cwd, url: responsesUrl(args), env }, turn);
}
