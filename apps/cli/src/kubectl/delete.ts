/**
 * `wheelhouse delete -f FILE | TYPE NAME... | TYPE/NAME... | TYPE -l SEL | TYPE --all`:
 * kubectl delete. Prints `deployment.apps "web" deleted` per object and, with --wait (the
 * default), returns once each is gone. --cascade picks the propagation policy,
 * --grace-period/--now the grace period.
 */
import type { RestClient } from '@wheelhouse/client';
import { defineCommand, VerbatimError } from '@wheelhouse/flags';
import { connectionFlags, withSession, type Session } from './connect.js';
import { kindPrefix, type ApiResource } from './discovery.js';
import { KubectlError, errorLine, kubectlErrors } from './errors.js';
import { dryRunFlag, dryRunOf, dryRunSuffix } from './dry-run.js';
import { fileFlags } from './apply.js';
import { err, out } from './io.js';
import { readManifests } from './manifests.js';
import { mapObject } from './mapping.js';
import { listObjects, queryOf, resourcePath, type KubeObject } from './objects.js';
import { resolveTargets } from './targets.js';
import { waitDeleted } from './wait-deleted.js';

/** The options of one delete. */
export interface DeleteOptions {
  propagationPolicy: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds: number | undefined;
  wait: boolean;
  dryRun: boolean;
}

/** One object to delete. */
interface Victim {
  resource: ApiResource;
  namespace: string;
  name: string;
}

const CASCADE: Record<string, DeleteOptions['propagationPolicy']> = {
  background: 'Background',
  true: 'Background',
  foreground: 'Foreground',
  orphan: 'Orphan',
  false: 'Orphan',
};

/** The propagation policy of `--cascade`; kubectl's error for another value. */
export function cascadeOf(value: string): DeleteOptions['propagationPolicy'] {
  const policy = CASCADE[value];
  if (!policy)
    throw new KubectlError(`invalid cascade value (${value}). Must be "background", "foreground", or "orphan".`);
  return policy;
}

/** Deletes one object; resolves its uid (undefined when the answer did not carry it). */
async function deleteOne(rest: RestClient, v: Victim, o: DeleteOptions): Promise<string | undefined> {
  const body = {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    propagationPolicy: o.propagationPolicy,
    ...(o.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: o.gracePeriodSeconds } : {}),
    ...(o.dryRun ? { dryRun: ['All'] } : {}),
  };
  const path = resourcePath(v.resource, v.namespace, v.name) + queryOf({ dryRun: o.dryRun ? 'All' : undefined });
  const answer = await rest.request<KubeObject>({ method: 'DELETE', path, body });
  return answer?.kind === 'Status' ? undefined : answer?.metadata?.uid;
}

/** Deletes every victim, printing each; resolves the error lines of those that failed. */
async function deleteAll(rest: RestClient, victims: readonly Victim[], o: DeleteOptions): Promise<string[]> {
  const errors: string[] = [];
  const deleted: Array<{ v: Victim; uid: string | undefined }> = [];
  for (const v of victims) {
    try {
      const uid = await deleteOne(rest, v, o);
      out(`${kindPrefix(v.resource)} "${v.name}" deleted${dryRunSuffix(o.dryRun)}\n`);
      deleted.push({ v, uid });
    } catch (e) {
      errors.push(errorLine(e));
    }
  }
  if (o.wait && !o.dryRun)
    for (const { v, uid } of deleted) await waitDeleted(rest, v.resource, v.namespace, v.name, uid);
  return errors;
}

/** The objects named by the arguments (listing them for a selector or --all). */
async function victimsOf(
  s: Session,
  args: readonly string[],
  sel: { labelSelector?: string | undefined; all: boolean },
): Promise<Victim[]> {
  const targets = resolveTargets(await s.discovery(), args);
  const victims: Victim[] = [];
  for (const t of targets) {
    const ns = t.resource.namespaced ? s.namespace : '';
    if (t.names.length > 0) {
      victims.push(...t.names.map((name) => ({ resource: t.resource, namespace: ns, name })));
      continue;
    }
    if (!sel.labelSelector && !sel.all) throw new KubectlError('resource(s) were provided, but no name was specified');
    const list = await listObjects(s.rest, t.resource, ns || undefined, { labelSelector: sel.labelSelector });
    victims.push(...list.items.map((i) => ({ resource: t.resource, namespace: ns, name: i.metadata?.name ?? '' })));
  }
  return victims;
}

/** See the module comment. */
export const deleteCommand = defineCommand({
  name: 'delete',
  summary: 'Delete resources by file, by type and name, or by type and label selector (as kubectl delete)',
  flags: {
    ...connectionFlags,
    ...fileFlags,
    selector: { type: 'string', short: 'l', description: 'label selector, e.g. app=web', placeholder: 'SELECTOR' },
    all: { type: 'boolean', description: 'delete every object of the type in the namespace', default: false },
    cascade: {
      type: 'string',
      description: 'background, foreground or orphan: what happens to the dependents',
      default: 'background',
    },
    'grace-period': { type: 'number', description: 'seconds the pods get to stop (-1: their own)', default: -1 },
    now: { type: 'boolean', description: 'a grace period of 1 second', default: false },
    wait: { type: 'boolean', description: 'return only once the objects are gone', default: true },
    'dry-run': dryRunFlag,
  },
  positionals: [
    { name: 'TYPE[/NAME]', description: 'the type (or TYPE/NAME), unless -f is given' },
    { name: 'NAME', description: 'names of objects of that type', variadic: true },
  ],
  run: (f, args) =>
    kubectlErrors(async () => {
      const files = f.filename ?? [];
      const labelSelector = f.selector;
      const grace = f.now ? 1 : f['grace-period'] >= 0 ? f['grace-period'] : undefined;
      const options: DeleteOptions = {
        propagationPolicy: cascadeOf(f.cascade),
        gracePeriodSeconds: grace,
        wait: f.wait,
        dryRun: dryRunOf(f['dry-run']),
      };
      const errors = await withSession(f, async (s) => {
        let victims: Victim[];
        if (files.length > 0) {
          if (args.length > 0) throw new KubectlError('Unexpected args: ' + JSON.stringify(args));
          const discovery = await s.discovery();
          victims = (await readManifests(files, 'delete')).map((m) => {
            const o = mapObject(m, discovery, s.namespace, s.namespaceGiven);
            return { resource: o.resource, namespace: o.namespace, name: o.name };
          });
        } else {
          if (args.length === 0)
            throw new KubectlError('You must provide one or more resources by argument or filename.');
          victims = await victimsOf(s, args, { labelSelector, all: f.all });
          if (victims.length === 0) {
            err('No resources found\n');
            return [];
          }
        }
        return deleteAll(s.rest, victims, options);
      });
      if (errors.length) throw new VerbatimError(errors.join('\n'));
    }),
});
