/** `--dry-run=none|server` (client-side dry runs are not offered: the server validates). */
import { KubectlError } from './errors.js';

/** The flag. */
export const dryRunFlag = {
  type: 'string',
  description: 'none or server: with server, the request is validated and answered but nothing is stored',
  default: 'none',
  placeholder: 'none|server',
} as const;

/** Whether the flag asks for a server dry run; throws kubectl's error for another value. */
export function dryRunOf(value: string): boolean {
  if (value === 'server') return true;
  if (value === 'none' || value === 'false') return false;
  throw new KubectlError(`Invalid dry-run value (${value}). Must be "none" or "server".`);
}

/** What kubectl appends to each printed line of a dry run. */
export function dryRunSuffix(dryRun: boolean): string {
  return dryRun ? ' (server dry run)' : '';
}
