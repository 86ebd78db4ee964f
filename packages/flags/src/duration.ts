import { isMachineryError, parseGoDuration } from '@wheelhouse/machinery';
import { FlagError } from './errors.js';

/**
 * Parses a Go duration as etcd and kube flags take them ('1h30m', '1.5h', '250ms', '0') to
 * whole milliseconds, with Go's time.ParseDuration (machinery's parseGoDuration). Throws
 * FlagError with pflag's wording, naming `flag`:
 * `invalid argument "10" for "--x" flag: time: missing unit in duration "10"`.
 */
export function parseDuration(text: string, flag = 'duration'): number {
  try {
    return Math.round(parseGoDuration(text));
  } catch (err) {
    if (!isMachineryError(err)) throw err;
    throw new FlagError('InvalidValue', `invalid argument "${text}" for "--${flag}" flag: ${err.message}`);
  }
}
