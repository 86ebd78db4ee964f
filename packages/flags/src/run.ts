import { parseFlags, type AnyCommand } from './command.js';
import { FlagError, VerbatimError } from './errors.js';
import { formatHelp } from './help.js';

/** Where runCommand writes; defaults to the process's streams. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processIo: Io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/**
 * Finds the (sub)command named by argv, parses its flags and runs it. Returns the exit
 * code: 0 on success, 2 on a usage error, 1 on a failure. Every error is printed as one
 * line prefixed with `Error: ` (no stack trace), except a VerbatimError, printed as it is.
 */
export async function runCommand(root: AnyCommand, argv: readonly string[], io: Io = processIo): Promise<number> {
  let cmd = root;
  const path = [root.name];
  let rest = [...argv];
  while (cmd.subcommands?.length && rest[0] && !rest[0].startsWith('-')) {
    const sub = cmd.subcommands.find((s) => s.name === rest[0]);
    if (!sub) {
      if (cmd.run) break;
      io.err(`Error: unknown command "${rest[0]}" for "${path.join(' ')}" (see '${path.join(' ')} --help')\n`);
      return 2;
    }
    cmd = sub;
    path.push(sub.name);
    rest = rest.slice(1);
  }
  try {
    const parsed = parseFlags(cmd, rest);
    if (parsed.help || !cmd.run) {
      (parsed.help ? io.out : io.err)(formatHelp(cmd, path));
      return parsed.help ? 0 : 2;
    }
    checkPositionals(cmd, path, parsed.positionals);
    await keptAlive(() => cmd.run!(parsed.flags, parsed.positionals));
    return 0;
  } catch (err) {
    if (err instanceof VerbatimError) {
      io.err(`${err.message}\n`);
      return 1;
    }
    io.err(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    return err instanceof FlagError ? 2 : 1;
  }
}

/**
 * Runs `run` with a ref'd timer held until the first SIGINT or SIGTERM, so a component
 * waiting only on unref'd timers (the wall clock's retries while the API server is not up
 * yet) keeps running instead of Node exiting with 13 (an unsettled top-level await). After
 * a signal the process ends as it would without the timer; a signal nothing else handles
 * gets Node's default (the process is killed by it). The listener goes in before `run`
 * starts, so it runs first and sees every handler the command added, even one that
 * removes itself when called.
 */
async function keptAlive(run: () => Promise<void> | void): Promise<void> {
  const hold = setInterval(() => undefined, 2 ** 30);
  const release = (): void => {
    clearInterval(hold);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    release();
    if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    await run();
  } finally {
    release();
  }
}

function checkPositionals(cmd: AnyCommand, path: string[], given: string[]): void {
  const specs = cmd.positionals ?? [];
  const required = specs.filter((p) => p.required);
  if (given.length < required.length) {
    throw new FlagError('MissingArgument', `"${path.join(' ')}" needs ${required.map((p) => `<${p.name}>`).join(' ')}`);
  }
  if (given.length > specs.length && !specs.at(-1)?.variadic) {
    throw new FlagError('TooManyArguments', `unexpected argument "${given[specs.length]}" for "${path.join(' ')}"`);
  }
}
