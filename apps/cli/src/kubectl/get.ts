/**
 * `wheelhouse get TYPE[/NAME] [NAME...]`: kubectl get. Types resolve through discovery
 * (comma lists, categories such as `all`); the table is the server's Table output; `-o
 * yaml|json|name` print the objects; `-w` prints rows as they change until interrupted.
 */
import { isNotFound, type RestClient } from '@wheelhouse/client';
import { defineCommand, VerbatimError } from '@wheelhouse/flags';
import { connectionFlags, withSession, type Session } from './connect.js';
import { type ApiResource } from './discovery.js';
import { KubectlError, errorLine, kubectlErrors } from './errors.js';
import { err, out } from './io.js';
import { TABLE_ACCEPT, listObjects, resourcePath, type KubeObject } from './objects.js';
import { OUTPUT_FORMATS, asList, nameOf, toJson, toYaml } from './printing.js';
import { formatTable, type Table, type TableOptions } from './table-print.js';
import { resolveTargets, type Target } from './targets.js';
import { watchTable, type GetOptions } from './get-watch.js';

/** What one target gave: a Table (human output) or objects, and the errors of missing names. */
interface Fetched {
  target: Target;
  table?: Table;
  objects: KubeObject[];
  errors: string[];
}

function wantsTable(o: GetOptions): boolean {
  return o.output === undefined || o.output === 'wide';
}

async function fetchOne(rest: RestClient, t: Target, ns: string, o: GetOptions): Promise<Fetched> {
  const accept = wantsTable(o) ? TABLE_ACCEPT : undefined;
  const r = t.resource;
  if (t.names.length === 0) {
    const scope = o.allNamespaces ? undefined : ns;
    const sel = { labelSelector: o.labelSelector, fieldSelector: o.fieldSelector };
    const res = await listObjects(rest, r, scope, sel, accept);
    return wantsTable(o)
      ? { target: t, table: res as Table, objects: [], errors: [] }
      : { target: t, objects: res.items, errors: [] };
  }
  const f: Fetched = { target: t, objects: [], errors: [] };
  for (const name of t.names) {
    try {
      const got = await rest.request<KubeObject & Table>({
        method: 'GET',
        path: resourcePath(r, ns, name),
        ...(accept ? { accept } : {}),
      });
      if (!wantsTable(o)) f.objects.push(got);
      else if (!f.table) f.table = got;
      else f.table.rows = [...(f.table.rows ?? []), ...(got.rows ?? [])];
    } catch (e) {
      if (!isNotFound(e)) throw e;
      f.errors.push(errorLine(e));
    }
  }
  return f;
}

function noResources(targets: readonly Target[], ns: string, o: GetOptions): string {
  const namespaced = targets.some((t) => t.resource.namespaced);
  return namespaced && !o.allNamespaces ? `No resources found in ${ns} namespace.\n` : 'No resources found\n';
}

function printHuman(fetched: readonly Fetched[], o: GetOptions, several: boolean): boolean {
  let printed = false;
  for (const f of fetched) {
    if (!f.table?.rows?.length) continue;
    const opts: TableOptions = {
      wide: o.output === 'wide',
      allNamespaces: o.allNamespaces && f.target.resource.namespaced,
      showLabels: o.showLabels,
      namePrefix: several ? `${nameOf(f.target.resource, '')}` : undefined,
    };
    out((printed ? '\n' : '') + formatTable(f.table, opts));
    printed = true;
  }
  return printed;
}

function printObjects(fetched: readonly Fetched[], o: GetOptions, single: boolean): boolean {
  const objects = fetched.flatMap((f) => f.objects.map((obj) => ({ r: f.target.resource, obj })));
  if (o.output === 'name') {
    for (const { r, obj } of objects) out(`${nameOf(r, obj.metadata?.name)}\n`);
    return objects.length > 0;
  }
  const withKind = objects.map(({ r, obj }) => ({
    ...obj,
    apiVersion: obj.apiVersion ?? apiVersion(r),
    kind: obj.kind ?? r.kind,
  }));
  const value = single && withKind.length === 1 ? withKind[0] : asList(withKind);
  out(o.output === 'json' ? toJson(value) : toYaml(value));
  return true;
}

function apiVersion(r: ApiResource): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Runs one get on a session; resolves the error lines (names not found). */
export async function runGet(s: Session, args: readonly string[], o: GetOptions): Promise<string[]> {
  if (o.output !== undefined && !(OUTPUT_FORMATS as readonly string[]).includes(o.output))
    throw new KubectlError(
      `unable to match a printer suitable for the output format "${o.output}", allowed formats are: json,name,wide,yaml`,
    );
  const targets = resolveTargets(await s.discovery(), args);
  if (o.watch) {
    if (targets.length !== 1) throw new KubectlError('you may only specify a single resource type');
    await watchTable(s.rest, targets[0]!, s.namespace, o);
    return [];
  }
  const fetched: Fetched[] = [];
  for (const t of targets) fetched.push(await fetchOne(s.rest, t, s.namespace, o));
  const errors = fetched.flatMap((f) => f.errors);
  const single = targets.length === 1 && targets[0]!.names.length === 1;
  const printed = wantsTable(o) ? printHuman(fetched, o, targets.length > 1) : printObjects(fetched, o, single);
  if (!printed && errors.length === 0) err(noResources(targets, s.namespace, o));
  return errors;
}

/** See the module comment. */
export const getCommand = defineCommand({
  name: 'get',
  summary: 'Display one or many resources (as kubectl get)',
  flags: {
    ...connectionFlags,
    output: { type: 'string', short: 'o', description: 'wide, yaml, json or name', placeholder: 'FORMAT' },
    selector: { type: 'string', short: 'l', description: 'label selector, e.g. app=web', placeholder: 'SELECTOR' },
    'field-selector': {
      type: 'string',
      description: 'field selector, e.g. spec.nodeName=node-1',
      placeholder: 'SELECTOR',
    },
    'all-namespaces': { type: 'boolean', short: 'A', description: 'list across all namespaces', default: false },
    watch: { type: 'boolean', short: 'w', description: 'after listing, print rows as they change', default: false },
    'show-labels': { type: 'boolean', description: 'print the labels as the last column', default: false },
  },
  positionals: [
    {
      name: 'TYPE[/NAME]',
      description: 'the type (pods, deploy, deployments.apps, all, deploy,svc) or TYPE/NAME',
      required: true,
    },
    { name: 'NAME', description: 'names of objects of that type', variadic: true },
  ],
  run: (f, args) =>
    kubectlErrors(async () => {
      const options: GetOptions = {
        output: f.output,
        labelSelector: f.selector,
        fieldSelector: f['field-selector'],
        allNamespaces: f['all-namespaces'],
        showLabels: f['show-labels'],
        watch: f.watch,
      };
      const errors = await withSession(f, (s) => runGet(s, args, options));
      if (errors.length) throw new VerbatimError(errors.join('\n'));
    }),
});
