import { type ChildProcess, spawn } from 'node:child_process';
import type { SpawnedProcess, SpawnOptions } from '@anthropic-ai/claude-agent-sdk';

/** How long a process group gets after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 1_000;

/**
 * Extra stderr kept beyond the limit, so a secret cut where the kept text begins is redacted
 * first and then dropped with the cut (secrets up to this long never appear in part).
 */
const STDERR_SLACK = 4_096;

/**
 * The Claude Code process of one query, started by the SDK through `spawnClaudeCodeProcess`. It
 * runs in its own process group, so ending it also ends what its tools started (a Bash command and
 * its children), and it keeps the tail of the CLI's stderr for error details.
 */
export class CliProcess {
  #child: ChildProcess | null = null;
  #stderr = '';
  #stderrCut = false;
  #exited = false;
  readonly #exit: Promise<void>;
  #onExit: () => void = () => {};
  /** Set when spawning failed (e.g. ENOENT: no such executable). */
  spawnError: Error | null = null;

  constructor(private readonly stderrLimit: number) {
    this.#exit = new Promise((resolve) => {
      this.#onExit = resolve;
    });
  }

  /** The function to pass as `spawnClaudeCodeProcess`. */
  readonly spawn = (options: SpawnOptions): SpawnedProcess => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: options.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    this.#child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => this.#keepStderr(chunk));
    child.once('error', (error) => {
      this.spawnError = error;
      this.#markExited();
    });
    child.once('exit', () => this.#markExited());
    options.signal?.addEventListener('abort', () => this.kill(), { once: true });
    return child as SpawnedProcess;
  };

  /** The process id, once started. */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  get exited(): boolean {
    return this.#exited;
  }

  /** Resolves when the process has exited (or never started). */
  whenExited(): Promise<void> {
    return this.#child === null ? Promise.resolve() : this.#exit;
  }

  /** The tail the CLI wrote to stderr, not redacted (up to `stderrLimit` + 4,096 characters). */
  get stderr(): string {
    return this.#stderr;
  }

  /**
   * The last `stderrLimit` characters of stderr after `redact`. Redacting before cutting keeps a
   * secret that straddles the cut from appearing in part.
   */
  redactedStderr(redact: (text: string) => string): string {
    const text = redact(this.#stderr);
    return (this.#stderrCut ? text.slice(STDERR_SLACK) : text).slice(-this.stderrLimit);
  }

  /** Let the event loop end while this process idles (a warm session between runs). */
  unref(): void {
    const child = this.#child;
    if (child === null) return;
    child.unref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) {
      (stream as { unref?: () => void } | null)?.unref?.();
    }
  }

  ref(): void {
    const child = this.#child;
    if (child === null) return;
    child.ref();
    for (const stream of [child.stdin, child.stdout, child.stderr]) {
      (stream as { ref?: () => void } | null)?.ref?.();
    }
  }

  /**
   * End the process group: SIGTERM, then SIGKILL after a grace period. Returns when the CLI has
   * exited (its tools' processes are signalled with it).
   */
  async kill(): Promise<void> {
    const pid = this.#child?.pid;
    if (pid === undefined) return;
    signalGroup(pid, 'SIGTERM');
    if (!this.#exited) {
      const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
      await this.#exit;
      clearTimeout(timer);
    }
    // The CLI is gone; what its tools started may still be running in the group.
    signalGroup(pid, 'SIGKILL');
  }

  #keepStderr(chunk: string): void {
    if (this.stderrLimit === 0) return;
    const text = this.#stderr + chunk;
    const keep = this.stderrLimit + STDERR_SLACK;
    if (text.length > keep) this.#stderrCut = true;
    this.#stderr = text.length > keep ? text.slice(-keep) : text;
  }

  #markExited(): void {
    this.#exited = true;
    this.#onExit();
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}
