/**
 * `wheelhouse apply -f FILE|DIR|-`: server-side apply of every object (field manager
 * `wheelhouse`), printing `deployment.apps/web created|configured|unchanged` as kubectl does.
 * An object that fails does not stop the others; the errors follow, and the exit code is 1.
 */
import { isConflict, isNotFound, type RestClient } from '@wheelhouse/client';
import { defineCommand } from '@wheelhouse/flags';
import { connectionFlags, withSession, type Session } from './connect.js';
import { kindPrefix } from './discovery.js';
import { KubectlError, errorLine, kubectlErrors } from './errors.js';
import { out } from './io.js';
import { readManifests } from './manifests.js';
import { mapObject, type MappedObject } from './mapping.js';
import { queryOf, resourcePath, type KubeObject } from './objects.js';
import { dryRunFlag, dryRunOf, dryRunSuffix } from './dry-run.js';
import { VerbatimError } from '@wheelhouse/flags';

/** The field manager of every apply. */
export const FIELD_MANAGER = 'wheelhouse';

/** What kubectl adds to a server-side apply conflict, after the server's message. */
const CONFLICT_HELP = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts`;

/** `-f` and the options of apply. */
export const fileFlags = {
  filename: {
    type: 'list',
    short: 'f',
    description: 'a file, a directory (walked recursively) or - for stdin',
    placeholder: 'FILE',
  },
} as const;

async function current(rest: RestClient, m: MappedObject): Promise<KubeObject | undefined> {
  try {
    return await rest.request<KubeObject>({ method: 'GET', path: resourcePath(m.resource, m.namespace, m.name) });
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/** Applies one object; resolves the line kubectl prints for it. */
async function applyOne(rest: RestClient, m: MappedObject, dryRun: boolean, force: boolean): Promise<string> {
  const generateName = m.object.metadata?.generateName;
  if (!m.name && generateName) throw new KubectlError(`from ${generateName}: cannot use generate name with apply`);
  if (!m.name) throw new KubectlError(`from ${m.source}: resource name may not be empty`);
  const before = await current(rest, m);
  const body = { ...m.object, metadata: { ...m.object.metadata, ...(m.namespace ? { namespace: m.namespace } : {}) } };
  const q = queryOf({ fieldManager: FIELD_MANAGER, force, dryRun: dryRun ? 'All' : undefined });
  let after: KubeObject;
  try {
    after = await rest.request<KubeObject>({
      method: 'PATCH',
      path: resourcePath(m.resource, m.namespace, m.name) + q,
      body,
      contentType: 'application/apply-patch+yaml',
    });
  } catch (e) {
    if (isConflict(e)) throw new KubectlError(`${(e as Error).message}\n${CONFLICT_HELP}`);
    throw e;
  }
  const verb = !before
    ? 'created'
    : before.metadata?.resourceVersion === after.metadata?.resourceVersion
      ? 'unchanged'
      : 'configured';
  return `${kindPrefix(m.resource)}/${m.name} ${verb}${dryRunSuffix(dryRun)}\n`;
}

/** Maps and applies every object of the manifests; resolves the error lines of those that failed. */
export async function applyAll(s: Session, files: string[], dryRun: boolean, force: boolean): Promise<string[]> {
  const objects = await readManifests(files, 'apply');
  const discovery = await s.discovery();
  const errors: string[] = [];
  for (const o of objects) {
    try {
      out(await applyOne(s.rest, mapObject(o, discovery, s.namespace, s.namespaceGiven), dryRun, force));
    } catch (e) {
      errors.push(errorLine(e));
    }
  }
  return errors;
}

/** See the module comment. */
export const applyCommand = defineCommand({
  name: 'apply',
  summary: 'Apply a configuration to resources by file or stdin (server-side apply, as kubectl apply)',
  flags: {
    ...connectionFlags,
    ...fileFlags,
    'dry-run': dryRunFlag,
    'force-conflicts': { type: 'boolean', description: 'take over fields other managers own', default: false },
  },
  run: (f) =>
    kubectlErrors(async () => {
      const errors = await withSession(f, (s) =>
        applyAll(s, f.filename ?? [], dryRunOf(f['dry-run']), f['force-conflicts']),
      );
      if (errors.length) throw new VerbatimError(errors.join('\n'));
    }),
});
