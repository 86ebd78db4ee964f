export {
  defineCommand,
  parseFlags,
  type Command,
  type AnyCommand,
  type FlagSpec,
  type FlagSpecs,
  type FlagValue,
  type FlagValues,
  type Parsed,
  type PositionalSpec,
} from './command.js';
export { formatHelp } from './help.js';
export { runCommand, type Io } from './run.js';
export { FlagError, VerbatimError, type FlagErrorCode } from './errors.js';
export { parseDuration } from './duration.js';
export { kubeconfigFlag, logLevelFlag, LOG_LEVELS } from './common-flags.js';
export { untilSignal } from './signals.js';
