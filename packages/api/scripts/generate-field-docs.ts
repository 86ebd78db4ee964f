/**
 * Writes src/openapi/field-docs.json: Kubernetes' OpenAPI descriptions for the definitions
 * Wheelhouse serves, so that `kubectl explain` prints what a real cluster prints. Run by hand
 * after adding a kind or when moving to a new Kubernetes minor:
 *
 *   npx tsx packages/api/scripts/generate-field-docs.ts <api> <apimachinery> <apiextensions-apiserver> <kube-aggregator> [tag]
 *
 * Each argument is a git directory (bare clones work) of github.com/kubernetes/<name>; tag is
 * the staging tag read from all four (default v0.32.13, i.e. Kubernetes 1.32.13). Sources:
 * - k8s.io/api and apimachinery's meta/v1: the types_swagger_doc_generated.go files (per Go
 *   type, json field name -> description and "" -> the type's description), plus types.go
 *   for inline-embedded structs (TypeMeta, VolumeSource, ...) and which fields are non-pointer
 *   structs (kube-apiserver gives those `default: {}`);
 * - apiextensions-apiserver and kube-aggregator: pkg/generated/openapi/zz_generated.openapi.go.
 *
 * Output shape: { descriptions: { <definition>: { "": type description, <field>: description } },
 * structFields: { <definition>: [<field>, ...] } }, keeping only definitions and properties our
 * zod schemas have (every schema the package registers, hence the import of src/index.ts),
 * plus the kinds' lists.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import '../src/index.js';
import { allComponentSchemas, type JsonSchema } from '../src/openapi/components.js';
import { schemaMetaById } from '../src/schema/primitives.js';

const OUT = fileURLToPath(new URL('../src/openapi/field-docs.json', import.meta.url));
const [apiDir, machineryDir, extensionsDir, aggregatorDir, tag = 'v0.32.13'] = process.argv.slice(2);
if (!apiDir || !machineryDir || !extensionsDir || !aggregatorDir) {
  process.stderr.write(
    'usage: generate-field-docs.ts <api> <apimachinery> <apiextensions-apiserver> <kube-aggregator> [tag]\n',
  );
  process.exit(2);
}

/** Per Go type (qualified by its package's definition prefix): field -> description. */
type Docs = Map<string, Record<string, string>>;

const docs: Docs = new Map();
/** Go type -> json names of its non-pointer named-type fields. */
const structFields = new Map<string, Set<string>>();
/** Go type -> Go types embedded inline (qualified). */
const embeds = new Map<string, string[]>();

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
}

function show(dir: string, path: string): string {
  return git(dir, 'show', `${tag}:${path}`);
}

/** Decodes the body of a Go interpreted string literal. */
function goString(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{3}|.)/g, (_, esc: string) => {
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', "'": "'" };
    if (simple[esc] !== undefined) return simple[esc];
    if (esc.startsWith('u') || esc.startsWith('x')) return String.fromCharCode(parseInt(esc.slice(1), 16));
    if (/^[0-7]{3}$/.test(esc)) return String.fromCharCode(parseInt(esc, 8));
    return esc;
  });
}

const STRING = '"((?:[^"\\\\]|\\\\.)*)"';

function readSwaggerDocs(dir: string, file: string, prefix: string): void {
  const source = show(dir, file);
  for (const block of source.matchAll(/^var map_(\w+) = map\[string\]string\{\n([\s\S]*?)\n\}/gm)) {
    const fields: Record<string, string> = {};
    for (const line of (block[2] ?? '').matchAll(new RegExp(`^\\s*${STRING}:\\s*${STRING},?$`, 'gm')))
      fields[goString(line[1] ?? '')] = goString(line[2] ?? '');
    docs.set(`${prefix}.${block[1]}`, fields);
  }
}

const BUILTIN = /^(string|bool|byte|rune|u?int(8|16|32|64)?|float(32|64)|any)$/;

/** Reads struct layouts of a Go package: inline embeddings and non-pointer named-type fields. */
function readStructs(dir: string, pkgDir: string, prefix: string, qualifiers: Record<string, string>): void {
  const files = git(dir, 'ls-tree', '--name-only', `${tag}:${pkgDir}`)
    .split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.startsWith('zz_generated'));
  const qualify = (goType: string): string => {
    const dot = goType.indexOf('.');
    if (dot < 0) return `${prefix}.${goType}`;
    return `${qualifiers[goType.slice(0, dot)] ?? goType.slice(0, dot)}.${goType.slice(dot + 1)}`;
  };
  for (const file of files) {
    const source = show(dir, `${pkgDir}/${file}`);
    for (const struct of source.matchAll(/^type (\w+) struct \{\n([\s\S]*?)\n\}/gm)) {
      const name = `${prefix}.${struct[1]}`;
      for (const line of (struct[2] ?? '').split('\n')) {
        const inline = /^\t\*?([\w.]+)\s+`json:",inline/.exec(line);
        if (inline) {
          embeds.set(name, [...(embeds.get(name) ?? []), qualify(inline[1] ?? '')]);
          continue;
        }
        // A named field, or an embedded struct given a json name (`metav1.ObjectMeta \`json:"metadata"\``).
        const field = /^\t(?:\w+\s+)?([\w.]+)\s+`json:"(\w+)/.exec(line);
        if (field && !BUILTIN.test(field[1] ?? '')) {
          const set = structFields.get(name) ?? new Set<string>();
          set.add(field[2] ?? '');
          structFields.set(name, set);
        }
      }
    }
  }
}

/** Reads a zz_generated.openapi.go: type and property descriptions, and `default: {}` refs. */
function readGeneratedOpenAPI(dir: string, goPackage: string, prefix: string): void {
  const source = show(dir, 'pkg/generated/openapi/zz_generated.openapi.go');
  const entries = source.matchAll(
    new RegExp(`^\\t\\t"${goPackage.replace(/\./g, '\\.')}\\.(\\w+)": +(\\w+)\\(ref\\)`, 'gm'),
  );
  for (const [, typeName, fn] of entries) {
    const start = source.indexOf(`func ${fn}(`);
    const body = source.slice(start, source.indexOf('\n}\n', start));
    const name = `${prefix}.${typeName}`;
    const fields: Record<string, string> = {};
    const typeDoc = new RegExp(`^\\t{4}Description: +${STRING},`, 'm').exec(body);
    if (typeDoc) fields[''] = goString(typeDoc[1] ?? '');
    const props = [...body.matchAll(/^\t{5}"([\w$-]+)": \{\n/gm)];
    props.forEach((prop, i) => {
      const end = props[i + 1]?.index ?? body.length;
      const text = body.slice(prop.index, end);
      const field = prop[1] ?? '';
      const doc = new RegExp(`^\\t{7}Description: +${STRING},`, 'm').exec(text);
      if (doc) fields[field] = goString(doc[1] ?? '');
      if (/^\t{7}Default: +map\[string\]interface\{\}\{\},\n\t{7}Ref: /m.test(text)) {
        const set = structFields.get(name) ?? new Set<string>();
        set.add(field);
        structFields.set(name, set);
      }
    });
    docs.set(name, fields);
  }
}

const META = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const ours = allComponentSchemas();
const prefixes = new Set(Object.keys(ours).map((id) => id.slice(0, id.lastIndexOf('.'))));

for (const prefix of prefixes) {
  const match = /^io\.k8s\.api\.([\w-]+)\.(\w+)$/.exec(prefix);
  if (!match) continue;
  const pkgDir = `${match[1]}/${match[2]}`;
  readSwaggerDocs(apiDir, `${pkgDir}/types_swagger_doc_generated.go`, prefix);
  readStructs(apiDir, pkgDir, prefix, { metav1: META });
}
readSwaggerDocs(machineryDir, 'pkg/apis/meta/v1/types_swagger_doc_generated.go', META);
readStructs(machineryDir, 'pkg/apis/meta/v1', META, {});
readGeneratedOpenAPI(
  extensionsDir,
  'k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1',
);
readGeneratedOpenAPI(
  aggregatorDir,
  'k8s.io/kube-aggregator/pkg/apis/apiregistration/v1',
  'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1',
);

/** A type's own docs merged with those of the structs it embeds inline (its own win). */
function resolved(name: string, seen = new Set<string>()): { fields: Record<string, string>; structs: Set<string> } {
  const fields: Record<string, string> = {};
  const structs = new Set<string>();
  if (seen.has(name)) return { fields, structs };
  seen.add(name);
  for (const embedded of embeds.get(name) ?? []) {
    const inner = resolved(embedded, seen);
    Object.assign(fields, inner.fields);
    delete fields[''];
    for (const s of inner.structs) structs.add(s);
  }
  Object.assign(fields, docs.get(name) ?? {});
  for (const s of structFields.get(name) ?? []) structs.add(s);
  return { fields, structs };
}

const descriptions: Record<string, Record<string, string>> = {};
const structs: Record<string, string[]> = {};
const missing: string[] = [];
/** Our definitions and their property names; a kind's list (built in document.ts) has the usual four. */
const propertiesOf = new Map<string, string[]>();
for (const [id, schema] of Object.entries(ours)) {
  propertiesOf.set(id, Object.keys((schema.properties ?? {}) as Record<string, JsonSchema>));
  if (schemaMetaById.get(id)?.gvk && docs.has(`${id}List`))
    propertiesOf.set(`${id}List`, ['apiVersion', 'kind', 'metadata', 'items']);
}
for (const id of [...propertiesOf.keys()].sort()) {
  const properties = propertiesOf.get(id) ?? [];
  const { fields, structs: struct } = resolved(id);
  const kept: Record<string, string> = {};
  if (fields['']) kept[''] = fields[''];
  for (const prop of properties) {
    if (fields[prop]) kept[prop] = fields[prop];
    else missing.push(`${id}.${prop}`);
  }
  if (Object.keys(kept).length > 0) descriptions[id] = kept;
  const keptStructs = properties.filter((p) => struct.has(p));
  if (keptStructs.length > 0) structs[id] = keptStructs;
}

writeFileSync(OUT, `${JSON.stringify({ descriptions, structFields: structs })}\n`);
process.stdout.write(`wrote ${OUT}: ${Object.keys(descriptions).length} definitions\n`);
if (missing.length > 0) process.stdout.write(`properties without a description:\n  ${missing.join('\n  ')}\n`);
