/**
 * The `fieldPath` of an x-kubernetes-validations rule (kube's cel.ValidFieldPath): a JSON path
 * of `.name` and `['name']` steps (and `[index]`), each naming a field the schema declares.
 */
import type { JSONSchemaProps } from '../../schema/apiextensions-v1.js';
import { additionalSchema, itemsSchema } from '../schema-nav.js';

const STEP = /^(?:\.([A-Za-z_][A-Za-z0-9_-]*)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\])/;

/** The steps of a field path, or undefined when it does not parse. */
function parseSteps(path: string): (string | number)[] | undefined {
  const steps: (string | number)[] = [];
  let rest = path;
  while (rest.length > 0) {
    const m = STEP.exec(rest);
    if (!m) return undefined;
    if (m[1] !== undefined) steps.push(m[1]);
    else if (m[2] !== undefined) steps.push(m[2].replace(/\\(.)/g, '$1'));
    else steps.push(Number(m[3]));
    rest = rest.slice(m[0].length);
  }
  return steps;
}

/**
 * The field path relative to the rule's node as kube's field.Path prints it (`spec.x`, `a[0]`),
 * or undefined when the path is not valid for `schema`.
 */
export function normalizeRuleFieldPath(schema: JSONSchemaProps, path: string): string | undefined {
  const steps = parseSteps(path);
  if (steps === undefined || steps.length === 0) return undefined;
  let node: JSONSchemaProps | undefined = schema;
  let out = '';
  for (const step of steps) {
    if (typeof step === 'number') {
      node = itemsSchema(node);
      out += `[${step}]`;
    } else {
      node = node?.properties?.[step] ?? additionalSchema(node);
      out += out === '' ? step : `.${step}`;
    }
    if (node === undefined) return undefined;
  }
  return out;
}
