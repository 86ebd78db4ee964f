import { FlagError } from './errors.js';

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses a Go duration as etcd and kube flags take them ('1h30m', '1.5h', '250ms', '0') to
 * milliseconds. Throws FlagError with Go's wording, naming `flag`.
 */
export function parseDuration(text: string, flag = 'duration'): number {
  const bad = () =>
    new FlagError('InvalidValue', `invalid argument "${text}" for "--${flag}" flag: time: invalid duration "${text}"`);
  if (text === '0') return 0;
  const parts = [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw bad();
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0));
}
