/**
 * `dropNulls` (decode.ts) without the copy where there is nothing to drop: the decoder hands
 * the result to zod, which builds a fresh object anyway, so copying every level of a
 * request body first (most have no nulls at all) only made garbage.
 */

/**
 * Whether `obj`'s level must be rebuilt: it is not a plain object (a YAML body's Date or
 * binary, which dropNulls turns into a plain copy of its own members), it holds a null, a
 * key JSON.parse makes own but assignment does not (`__proto__`, which dropNulls' copy loses
 * the way assignment does), or a child that changed. Fills `children` with the children's results.
 */
function levelChanges(obj: Record<string, unknown>, keys: readonly string[], children: unknown[]): boolean {
  let changed = Object.getPrototypeOf(obj) !== Object.prototype;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    const item = obj[key];
    const next = item === null ? null : withoutNulls(item);
    children.push(next);
    if (item === null || next !== item || key === '__proto__') changed = true;
  }
  return changed;
}

function arrayWithoutNulls(arr: readonly unknown[]): readonly unknown[] {
  let out: unknown[] | undefined;
  for (let i = 0; i < arr.length; i++) {
    const item = arr[i];
    const next = withoutNulls(item);
    if (next !== item) (out ??= arr.slice())[i] = next;
  }
  return out ?? arr;
}

/**
 * `value` with the same content as `dropNulls(value)` (object members whose value is null
 * left out; array elements kept), sharing every subtree that holds no such member with
 * `value` and returning `value` itself when there is none. The caller must not mutate the
 * result: it may be (part of) `value`.
 */
export function withoutNulls(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return arrayWithoutNulls(value);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  const children: unknown[] = [];
  if (!levelChanges(obj, keys, children)) return value;
  const out: Record<string, unknown> = {};
  // Plain assignment, as dropNulls does (a `__proto__` member sets the copy's prototype).
  for (let i = 0; i < keys.length; i++) if (children[i] !== null) out[keys[i]!] = children[i];
  return out;
}
