/**
 * `x-kubernetes-patch-strategy` and `x-kubernetes-patch-merge-key` on the Swagger 2.0
 * definitions, as kube publishes them from its Go struct tags. kubectl computes the
 * strategic merge patch of `apply` and `edit` from these markers whenever /openapi/v2 has
 * the kind, so they must say what the server's own patch tables say (packages/machinery's
 * patch strategies): without them a removed container would never leave the list.
 */
import { defaultPatchStrategies, patchStrategyKinds, type PatchStrategy } from '@wheelhouse/machinery';
import type { JsonSchema } from './components.js';

const REF_PREFIX = '#/definitions/';

function isObject(v: unknown): v is JsonSchema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The definition a property leads to (through an array's items and a `$ref`), if any. */
function target(prop: JsonSchema, definitions: Record<string, JsonSchema>): JsonSchema | undefined {
  const node = isObject(prop.items) ? prop.items : prop;
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith(REF_PREFIX)) return definitions[ref.slice(REF_PREFIX.length)];
  return isObject(node.properties) ? node : undefined;
}

/** The Go tag a strategy stands for; undefined for a list kube leaves untagged (replaced whole). */
function markers(s: PatchStrategy): JsonSchema | undefined {
  if (s.strategy === 'replace') return undefined;
  if (s.strategy === 'retainKeys') return { 'x-kubernetes-patch-strategy': 'retainKeys' };
  const strategy = s.retainKeys ? 'merge,retainKeys' : 'merge';
  return s.mergeKey === undefined
    ? { 'x-kubernetes-patch-strategy': strategy }
    : { 'x-kubernetes-patch-merge-key': s.mergeKey, 'x-kubernetes-patch-strategy': strategy };
}

function mark(root: JsonSchema, path: string, tag: JsonSchema, definitions: Record<string, JsonSchema>): void {
  const segments = path.split('.');
  let node: JsonSchema | undefined = root;
  for (const [i, seg] of segments.entries()) {
    const props: unknown = node?.properties;
    const prop = isObject(props) ? props[seg] : undefined;
    if (!isObject(prop)) return;
    if (i === segments.length - 1) Object.assign(prop, tag);
    else node = target(prop, definitions);
  }
}

/**
 * Adds the patch markers of every kind that `definitions` holds (those carrying
 * `x-kubernetes-group-version-kind`) to the properties they apply to, in place. Kinds the
 * patch tables do not know get ObjectMeta's markers only, as every kind has them. The
 * definitions named in `skip` (custom resources: kubectl merge-patches those) are left alone.
 */
export function addPatchMarkers(definitions: Record<string, JsonSchema>, skip: ReadonlySet<string> = new Set()): void {
  const known = new Set(patchStrategyKinds());
  for (const [name, def] of Object.entries(definitions)) {
    if (skip.has(name)) continue;
    const gvks = def['x-kubernetes-group-version-kind'];
    const kind = Array.isArray(gvks) && isObject(gvks[0]) ? String(gvks[0].kind) : undefined;
    if (kind === undefined) continue;
    const table = defaultPatchStrategies(known.has(kind) ? kind : '');
    for (const [path, strategy] of Object.entries(table)) {
      const tag = markers(strategy);
      if (tag) mark(def, path, tag, definitions);
    }
  }
}
