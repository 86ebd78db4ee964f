import type { Taint } from '@wheelhouse/api';
import { FlagError } from '@wheelhouse/flags';
import { isQualifiedName, isValidLabelValue } from '@wheelhouse/machinery';

const EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

function bad(flag: string, value: string, problem: string): FlagError {
  return new FlagError('InvalidValue', `invalid argument "${value}" for "--${flag}" flag: ${problem}`);
}

/** `k=v` items (--node-labels, --system-reserved) as a map; throws a FlagError naming the flag. */
export function parseKeyValues(flag: string, items: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw bad(flag, item, 'want key=value');
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/**
 * `key=value:Effect` or `key:Effect` items (--register-with-taints), the key a qualified name and
 * the value a label value; throws a FlagError naming the flag.
 */
export function parseTaints(flag: string, items: readonly string[]): Taint[] {
  return items.map((item) => {
    const colon = item.lastIndexOf(':');
    if (colon <= 0) throw bad(flag, item, 'want key=value:Effect or key:Effect');
    const effect = item.slice(colon + 1);
    if (!EFFECTS.has(effect)) throw bad(flag, item, `effect must be one of NoSchedule, PreferNoSchedule, NoExecute`);
    const [key, value, ...extra] = item.slice(0, colon).split('=') as [string, string | undefined];
    if (!key) throw bad(flag, item, 'the taint needs a key');
    if (extra.length) throw bad(flag, item, `invalid taint spec: ${item}`);
    // The kubelet's ParseTaints checks the key and value as label key and value.
    const errs = [...isQualifiedName(key), ...(value !== undefined ? isValidLabelValue(value) : [])];
    if (errs.length) throw bad(flag, item, `invalid taint spec: ${item}, ${errs.join('; ')}`);
    return { key, ...(value !== undefined ? { value } : {}), effect };
  });
}
