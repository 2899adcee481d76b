const STORE_HELP = `  --store <url>        where sessions live (env ASM_STORE): sqlite:<path> (default
                       sqlite:.asm/sessions.db), memory:, postgres://… (not available yet)
  -h, --help           show this help`;

const TEXTS: Readonly<Record<string, string>> = {
  main: `asm — run AI coding agent sessions with a durable event log

Usage: asm <command> [options]

Commands:
  run [prompt]         start a session (or continue one) and run a prompt
  sessions             list sessions
  show <session>       a session, its runs and usage totals
  events <session>     the event log of a session (--follow to tail it)
  resume <session>     run a new prompt in an existing session
  cancel <run>         cancel a run executing in another asm process
  recover              end runs whose asm process is gone (killed, crashed)

Options:
${STORE_HELP}
  --version            print the version

Exit codes: 0 ok, 1 run failed, 2 usage error or not found, 3 store file unusable,
75 session busy in another asm process, 130 cancelled, 141 stdout closed early.

Examples:
  asm run "Write a haiku about queues"
  echo "Summarize this" | asm run --json
  asm sessions --status active
  asm events ses_0190… --follow

Run 'asm <command> --help' for the options of a command.`,

  run: `Usage: asm run [prompt] [options]

Start a session and run the prompt (read from stdin when none is given and stdin is not a
terminal). Streamed text goes to stdout; tool calls, lifecycle lines and a summary go to stderr.
Ctrl-C cancels the run (stored as run_cancelled, exit 130); a second Ctrl-C exits at once.

Options:
  --session <id>       continue this session instead of starting a new one
  --provider <name>    mock | claude | codex (default: the one whose API key is set, else mock)
  --model <model>      the provider's model
  --system <text>      system prompt of a new session
  --agent <id>         agent id of a new session (default: cli)
  --timeout <dur>      stop the run after 500ms, 30s, 2m… (a bare number is seconds)
  --file <path>        read the prompt from a file
  --json               print this run's stored events as JSON lines on stdout, nothing else
${STORE_HELP}

One run of a session at a time: while another asm process runs a prompt in the session, this
one refuses with exit code 75 (try again when it has ended).

Examples:
  asm run "Explain the event log"
  asm run --session ses_0190… "And now shorter"
  git diff | asm run --system "You review diffs" --timeout 2m
  asm run --json "Hello" | jq -r .type`,

  sessions: `Usage: asm sessions [options]

List sessions, newest first.

Options:
  --status <status>    pending | active | paused | completed | failed | cancelled
  --agent <id>         only sessions of this agent
  --limit <n>          at most n sessions (default 20, at most 1000)
  --json               one JSON object per line
${STORE_HELP}

Examples:
  asm sessions
  asm sessions --status active --limit 5
  asm sessions --json | jq -r .id`,

  show: `Usage: asm show <session> [options]

Show a session, its runs and its usage totals.

Options:
  --json               one JSON object { session, runs, totals }
${STORE_HELP}

Examples:
  asm show ses_0190…
  asm show ses_0190… --json | jq .totals`,

  events: `Usage: asm events <session> [options]

Print the event log of a session. With --follow, keep printing events as they are stored, also
by other processes, until Ctrl-C.

Options:
  --after <seq>        only events after this sequence number
  --follow, -f         keep following new events
  --json               one JSON object per line
${STORE_HELP}

Examples:
  asm events ses_0190…
  asm events ses_0190… --after 12 --json
  asm events ses_0190… --follow`,

  resume: `Usage: asm resume <session> [prompt] [options]

Run a new prompt in an existing session, continuing its conversation (a paused session is
resumed first). Takes the options of 'asm run' except --session, --system and --agent.

Options:
  --provider <name>    mock | claude | codex
  --model <model>      the provider's model
  --timeout <dur>      stop the run after 500ms, 30s, 2m…
  --file <path>        read the prompt from a file
  --json               print this run's stored events as JSON lines on stdout, nothing else
${STORE_HELP}

While another asm process runs a prompt in the session, this one refuses with exit code 75.

Examples:
  asm resume ses_0190… "Now add tests"
  echo "Continue" | asm resume ses_0190…`,

  cancel: `Usage: asm cancel <run> [options]

Cancel a run that an 'asm run' process on this machine is executing: that process stores
run_cancelled and exits with code 130. Only a process proven to be that asm process (same pid
and start time) is signalled. Exit 1 when the run is not running, 2 when it is unknown.

Options:
${STORE_HELP}

Examples:
  asm cancel run_0190…`,

  recover: `Usage: asm recover [options]

End the runs stored as running whose asm process is gone (killed, crashed, machine restarted):
each is stored as failed (run_failed, internal_error) and printed. Runs of live asm processes,
of other hosts and of other applications are left alone. Every asm command does this quietly
when it starts.

Options:
${STORE_HELP}

Examples:
  asm recover`,
};

/** The commands `asm` knows. */
export const COMMANDS = [
  'run',
  'sessions',
  'show',
  'events',
  'resume',
  'cancel',
  'recover',
] as const;
export type CommandName = (typeof COMMANDS)[number];

/**
 * The help text of a command, or of `asm` itself.
 *
 * @example
 * ```ts
 * process.stdout.write(helpText('run'));
 * ```
 */
export function helpText(command: CommandName | 'main'): string {
  return `${TEXTS[command]}\n`;
}
