/**
 * `wheelhouse drain NODE`: kubectl drain. Cordons the node, then evicts its pods through the
 * eviction API (a 429 from a PodDisruptionBudget is retried every 5 s, as kubectl does) and
 * waits until each is gone. Pods it must not evict without a flag stop it with kubectl's texts.
 */
import { isNotFound, isTooManyRequests, realClock, sleep, type RestClient } from '@wheelhouse/client';
import { defineCommand, parseDuration, VerbatimError } from '@wheelhouse/flags';
import { connectionFlags, withSession } from './connect.js';
import type { ApiResource } from './discovery.js';
import { setUnschedulable } from './cordon.js';
import { planDrain, type DrainPod } from './drain-filters.js';
import { kubectlErrors } from './errors.js';
import { err, out } from './io.js';
import { listObjects, resourcePath } from './objects.js';
import { waitDeleted } from './wait-deleted.js';

/** How long kubectl waits before evicting again after a 429. */
const EVICTION_RETRY_MS = 5_000;

function pendingError(node: string, errors: readonly string[]): VerbatimError {
  const all = errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
  return new VerbatimError(
    [
      `error: unable to drain node "${node}" due to error: ${all}, continuing command...`,
      'There are pending nodes to be drained:',
      ` ${node}`,
      ...errors,
    ].join('\n'),
  );
}

/** Evicts one pod, retrying while a disruption budget forbids it; resolves once accepted. */
async function evict(rest: RestClient, pods: ApiResource, p: DrainPod, gracePeriodSeconds: number | undefined) {
  const ns = p.metadata?.namespace ?? '';
  const name = p.metadata?.name ?? '';
  const body = {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name, namespace: ns },
    ...(gracePeriodSeconds !== undefined ? { deleteOptions: { gracePeriodSeconds } } : {}),
  };
  for (;;) {
    try {
      await rest.request({ method: 'POST', path: resourcePath(pods, ns, name, 'eviction'), body });
      return;
    } catch (e) {
      if (isNotFound(e)) return;
      if (!isTooManyRequests(e)) throw e;
      err(`error when evicting pods/"${name}" -n "${ns}" (will retry after 5s): ${(e as Error).message}\n`);
      await sleep(realClock, EVICTION_RETRY_MS);
    }
  }
}

/** The drain flags. */
interface DrainOptions {
  ignoreDaemonSets: boolean;
  deleteEmptyDirData: boolean;
  force: boolean;
  gracePeriodSeconds: number | undefined;
  timeoutMs: number;
}

async function evictAll(rest: RestClient, pods: ApiResource, evictees: readonly DrainPod[], o: DrainOptions) {
  await Promise.all(
    evictees.map(async (p) => {
      const ns = p.metadata?.namespace ?? '';
      const name = p.metadata?.name ?? '';
      out(`evicting pod ${ns}/${name}\n`);
      await evict(rest, pods, p, o.gracePeriodSeconds);
      await waitDeleted(rest, pods, ns, name, p.metadata?.uid);
      out(`pod/${name} evicted\n`);
    }),
  );
}

function withTimeout(ms: number, node: string, work: Promise<void>): Promise<void> {
  if (ms <= 0) return work;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(pendingError(node, [`drain did not complete within ${ms / 1000}s`])), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** See the module comment. */
export const drainCommand = defineCommand({
  name: 'drain',
  summary: 'Drain a node in preparation for maintenance: cordon it and evict its pods (as kubectl drain)',
  flags: {
    ...connectionFlags,
    'ignore-daemonsets': { type: 'boolean', description: 'skip DaemonSet-managed pods', default: false },
    'delete-emptydir-data': { type: 'boolean', description: 'evict pods with emptyDir volumes too', default: false },
    force: { type: 'boolean', description: 'evict pods no controller manages too', default: false },
    'grace-period': { type: 'number', description: 'seconds each pod gets to stop (-1: its own)', default: -1 },
    timeout: { type: 'string', description: 'give up after this long (0: never), e.g. 5m', default: '0s' },
  },
  positionals: [{ name: 'NODE', description: 'the node, e.g. node-3', required: true }],
  run: (f, [node]) =>
    kubectlErrors(async () => {
      const o: DrainOptions = {
        ignoreDaemonSets: f['ignore-daemonsets'],
        deleteEmptyDirData: f['delete-emptydir-data'],
        force: f.force,
        gracePeriodSeconds: f['grace-period'] >= 0 ? f['grace-period'] : undefined,
        timeoutMs: parseDuration(f.timeout, 'timeout'),
      };
      await withSession(f, async (s) => {
        const discovery = await s.discovery();
        out(await setUnschedulable(s.rest, discovery, node!, true));
        const [pods] = discovery.resolve('pods');
        const list = await listObjects<DrainPod>(s.rest, pods!, undefined, { fieldSelector: `spec.nodeName=${node}` });
        const plan = planDrain(list.items, o);
        if (plan.errors.length) throw pendingError(node!, plan.errors);
        if (plan.warnings.length) err(`Warning: ${plan.warnings.join('; ')}\n`);
        try {
          await withTimeout(o.timeoutMs, node!, evictAll(s.rest, pods!, plan.evict, o));
        } catch (e) {
          if (e instanceof VerbatimError) throw e;
          throw pendingError(node!, [e instanceof Error ? e.message : String(e)]);
        }
        out(`node/${node} drained\n`);
      });
    }),
});
