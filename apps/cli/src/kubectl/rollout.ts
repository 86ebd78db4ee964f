/**
 * `wheelhouse rollout status|history|undo TYPE/NAME`: kubectl rollout. status watches a
 * deployment, stateful set or daemon set, printing each new state until it is rolled out;
 * history lists a deployment's revisions from its ReplicaSets; undo puts back the pod
 * template of the previous revision (or --to-revision).
 */
import type { RestClient } from '@wheelhouse/client';
import { defineCommand, parseDuration, type AnyCommand } from '@wheelhouse/flags';
import { connectionFlags, withSession, type Session } from './connect.js';
import type { ApiResource } from './discovery.js';
import { KubectlError, kubectlErrors } from './errors.js';
import { out } from './io.js';
import { getObject, listObjects, resourcePath, watchObjects, type KubeObject } from './objects.js';
import { nameOf } from './printing.js';
import { statusViewer, type Workload } from './rollout-status.js';
import { formatTable } from '../table.js';
import { resolveTargets } from './targets.js';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';

const targetArgs = [
  { name: 'TYPE[/NAME]', description: 'e.g. deployment/web, or deployment web', required: true },
  { name: 'NAME', description: 'the name, when TYPE is given alone' },
] as const;

/** The one object named by the arguments. */
async function oneTarget(s: Session, args: readonly string[]): Promise<{ r: ApiResource; name: string }> {
  const targets = resolveTargets(await s.discovery(), args);
  const t = targets[0];
  if (targets.length !== 1 || t?.names.length !== 1) throw new KubectlError('required resource not specified');
  return { r: t.resource, name: t.names[0]! };
}

/** Prints each new state until done; throws on a failed rollout. */
async function watchStatus(rest: RestClient, r: ApiResource, ns: string, name: string, watch: boolean) {
  const viewer = statusViewer(r.kind);
  if (!viewer) throw new KubectlError(`no status viewer has been implemented for ${r.kind}`);
  let last = '';
  const show = (w: Workload): boolean => {
    const state = viewer(w);
    if (state.message !== last) out(state.message);
    last = state.message;
    return state.done;
  };
  for (;;) {
    const w = await getObject<Workload>(rest, r, ns, name);
    if (show(w) || !watch) return;
    const events = await watchObjects<Workload>(rest, r, ns, {
      fieldSelector: `metadata.name=${name}`,
      resourceVersion: w.metadata?.resourceVersion ?? '',
    });
    for await (const e of events) {
      if (e.type === 'DELETED') throw new KubectlError(`object has been deleted`);
      if (show(e.object)) return;
    }
  }
}

const statusCommand = defineCommand({
  name: 'status',
  summary: 'Show the status of a rollout, watching until it finishes',
  flags: {
    ...connectionFlags,
    watch: { type: 'boolean', description: 'watch until the rollout finishes', default: true },
    timeout: { type: 'string', description: 'give up after this long (0: never)', default: '0s' },
  },
  positionals: targetArgs,
  run: (f, args) =>
    kubectlErrors(() =>
      withSession(f, async (s) => {
        const { r, name } = await oneTarget(s, args);
        const ms = parseDuration(f.timeout, 'timeout');
        const work = watchStatus(s.rest, r, s.namespace, name, f.watch);
        if (ms <= 0) return work;
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new KubectlError('timed out waiting for the condition')), ms);
        });
        return Promise.race([work, late]).finally(() => clearTimeout(timer));
      }),
    ),
});

interface ReplicaSet extends KubeObject {
  spec?: { template?: { metadata?: { labels?: Record<string, string> }; [k: string]: unknown } };
}

interface Deployment extends KubeObject {
  spec?: { selector?: { matchLabels?: Record<string, string> }; template?: unknown };
}

/** The deployment's ReplicaSets (controlled by it), by revision. */
async function revisions(s: Session, d: Deployment): Promise<Map<number, ReplicaSet>> {
  const [rs] = (await s.discovery()).resolve('replicasets.apps');
  const match = d.spec?.selector?.matchLabels ?? {};
  const labelSelector = Object.entries(match)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const list = await listObjects<ReplicaSet>(s.rest, rs!, d.metadata?.namespace, { labelSelector });
  const out = new Map<number, ReplicaSet>();
  for (const r of list.items) {
    const owned = r.metadata?.ownerReferences?.some((o) => o.controller && o.uid === d.metadata?.uid);
    const rev = Number(r.metadata?.annotations?.[REVISION]);
    if (owned && Number.isInteger(rev)) out.set(rev, r);
  }
  return out;
}

async function deploymentOf(
  s: Session,
  args: readonly string[],
  verb: string,
): Promise<{ r: ApiResource; d: Deployment }> {
  const { r, name } = await oneTarget(s, args);
  if (r.kind !== 'Deployment') throw new KubectlError(`no ${verb} viewer has been implemented for ${r.kind}`);
  return { r, d: await getObject<Deployment>(s.rest, r, s.namespace, name) };
}

const historyCommand = defineCommand({
  name: 'history',
  summary: "List a deployment's revisions",
  flags: connectionFlags,
  positionals: targetArgs,
  run: (f, args) =>
    kubectlErrors(() =>
      withSession(f, async (s) => {
        const { r, d } = await deploymentOf(s, args, 'history');
        const revs = [...(await revisions(s, d))].sort(([a], [b]) => a - b);
        const rows = revs.map(([rev, rs]) => [String(rev), rs.metadata?.annotations?.[CHANGE_CAUSE] ?? '<none>']);
        out(`${nameOf(r, d.metadata?.name)} \n${formatTable(['REVISION', 'CHANGE-CAUSE'], rows)}\n`);
      }),
    ),
});

const undoCommand = defineCommand({
  name: 'undo',
  summary: 'Roll a deployment back to its previous revision (or --to-revision)',
  flags: {
    ...connectionFlags,
    'to-revision': { type: 'number', description: 'the revision to go back to (0: the previous one)', default: 0 },
  },
  positionals: targetArgs,
  run: (f, args) =>
    kubectlErrors(() =>
      withSession(f, async (s) => {
        const { r, d } = await deploymentOf(s, args, 'rollback');
        const name = d.metadata?.name ?? '';
        const revs = await revisions(s, d);
        const sorted = [...revs.keys()].sort((a, b) => b - a);
        const target = f['to-revision'] || sorted[1];
        if (target === undefined) throw new KubectlError(`no rollout history found for deployment "${name}"`);
        const rs = revs.get(target);
        if (!rs) throw new KubectlError(`unable to find specified revision ${target} in history`);
        const template = structuredClone(rs.spec?.template ?? {});
        delete template.metadata?.labels?.['pod-template-hash'];
        if (target === sorted[0]) {
          out(`${nameOf(r, name)} skipped rollback (current template already matches revision ${target})\n`);
          return;
        }
        await s.rest.request({
          method: 'PATCH',
          path: resourcePath(r, s.namespace, name),
          body: [{ op: 'replace', path: '/spec/template', value: template }],
          contentType: 'application/json-patch+json',
        });
        out(`${nameOf(r, name)} rolled back\n`);
      }),
    ),
});

/** See the module comment. */
export const rolloutCommand: AnyCommand = defineCommand({
  name: 'rollout',
  summary: 'Manage the rollout of deployments, stateful sets and daemon sets (as kubectl rollout)',
  flags: {},
  subcommands: [statusCommand, historyCommand, undoCommand],
});
