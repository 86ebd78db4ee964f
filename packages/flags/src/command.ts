import { FlagError } from './errors.js';

/** What every flag has: its help text and, optionally, a one-letter short form (`-n` for `--namespace`). */
interface FlagBase {
  description: string;
  /** The single-dash alias, e.g. `n` so that `-n ns` (or `-n=ns`) sets this flag. */
  short?: string;
}

/** One flag: its type, help text, default and (for strings) allowed values. */
export type FlagSpec = FlagBase &
  (
    | { type: 'string'; default?: string; choices?: readonly string[]; placeholder?: string }
    | { type: 'number'; default?: number; placeholder?: string }
    | { type: 'boolean'; default?: boolean }
    | { type: 'list'; default?: readonly string[]; placeholder?: string }
  );

/** The map of flag name (without dashes) to spec. */
export type FlagSpecs = Record<string, FlagSpec>;

/** The parsed value type of one spec. */
export type FlagValue<S extends FlagSpec> = S extends { type: 'string' }
  ? string
  : S extends { type: 'number' }
    ? number
    : S extends { type: 'boolean' }
      ? boolean
      : string[];

/** Parsed flags: a flag with a default is always present, others may be undefined. */
export type FlagValues<F extends FlagSpecs> = {
  [K in keyof F]: F[K] extends { default: unknown } ? FlagValue<F[K]> : FlagValue<F[K]> | undefined;
};

/** A positional argument of a command. */
export interface PositionalSpec {
  name: string;
  description: string;
  required?: boolean;
  /** The last positional only: takes every remaining argument (help shows `NAME...`). */
  variadic?: boolean;
}

/** A command: flags and positionals as data, and what running it does. */
export interface Command<F extends FlagSpecs = FlagSpecs> {
  name: string;
  summary: string;
  flags: F;
  positionals?: readonly PositionalSpec[];
  subcommands?: readonly AnyCommand[];
  /** Runs the command; resolves when it is done (a server resolves once it has stopped). */
  run?: (flags: FlagValues<F>, positionals: string[]) => Promise<void> | void;
}

/** A command of any flag shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCommand = Command<any>;

/** Declares a command with its flags typed from the specs. */
export function defineCommand<F extends FlagSpecs>(cmd: Command<F>): Command<F> {
  return cmd;
}

/** Result of parsing argv against a command. */
export interface Parsed<F extends FlagSpecs> {
  flags: FlagValues<F>;
  positionals: string[];
  help: boolean;
}

/**
 * Parses `--flag value`, `--flag=value`, `--bool`, `--bool=false`, `--list a,b` (and
 * repeated), `--` and positionals, etcd and kube style; a single dash works too (`-flag`),
 * and a flag's `short` form (`-n ns` for `--namespace ns`). Throws FlagError on anything
 * unknown or malformed.
 */
export function parseFlags<F extends FlagSpecs>(cmd: Command<F>, argv: readonly string[]): Parsed<F> {
  const values: Record<string, unknown> = {};
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const given = arg.replace(/^--?/, '').slice(0, eq < 0 ? undefined : eq - (arg.startsWith('--') ? 2 : 1));
    const name = given in cmd.flags || arg.startsWith('--') ? given : (shortNames(cmd.flags)[given] ?? given);
    const spec = cmd.flags[name];
    if (!spec) throw new FlagError('UnknownFlag', `unknown flag: --${name} (see '${cmd.name} --help')`);
    let raw: string | undefined = eq < 0 ? undefined : arg.slice(eq + 1);
    if (raw === undefined && spec.type !== 'boolean') {
      raw = argv[++i];
      if (raw === undefined) throw new FlagError('MissingValue', `flag needs an argument: --${name}`);
    }
    values[name] = convert(name, spec, raw, values[name]);
  }
  return { flags: withDefaults(cmd.flags, values) as FlagValues<F>, positionals, help };
}

/** The flags' short forms: `n` → `namespace`. */
function shortNames(specs: FlagSpecs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(specs)) if (spec.short) out[spec.short] = name;
  return out;
}

function convert(name: string, spec: FlagSpec, raw: string | undefined, prev: unknown): unknown {
  switch (spec.type) {
    case 'boolean':
      if (raw === undefined || raw === 'true') return true;
      if (raw === 'false') return false;
      throw new FlagError('InvalidValue', `invalid argument "${raw}" for "--${name}" flag: must be true or false`);
    case 'number': {
      const n = Number(raw);
      if (raw === '' || !Number.isFinite(n))
        throw new FlagError('InvalidValue', `invalid argument "${raw}" for "--${name}" flag: not a number`);
      return n;
    }
    case 'list':
      return [...((prev as string[] | undefined) ?? []), ...raw!.split(',').filter((s) => s !== '')];
    case 'string':
      if (spec.choices && !spec.choices.includes(raw!)) {
        throw new FlagError(
          'InvalidValue',
          `invalid argument "${raw}" for "--${name}" flag: must be one of ${spec.choices.join(', ')}`,
        );
      }
      return raw;
  }
}

function withDefaults(specs: FlagSpecs, values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = name in values ? values[name] : spec.default;
  }
  return out;
}
