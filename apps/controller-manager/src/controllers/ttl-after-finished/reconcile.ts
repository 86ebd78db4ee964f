/**
 * The TTL-after-finished sync (kube's ttlafterfinished processJob): a finished Job with
 * ttlSecondsAfterFinished is deleted (Foreground, guarded by its uid) once the TTL since its
 * Complete or Failed transition has passed, after re-reading it from the server; until then
 * it is looked at again when the TTL would expire.
 */
import type { Job } from '@wheelhouse/api';
import {
  type Clock,
  type DeepReadonly,
  type Lister,
  type RestClient,
  type Result,
  type Served,
  isNotFound,
  splitKey,
} from '@wheelhouse/client';
import { finishTime, isJobFinished } from '../job/job-util.js';

/** What the sync reads and writes through. */
export interface TtlDeps {
  client: RestClient;
  jobs: Lister<Served<Job>>;
  clock: Clock;
}

/** True when the Job has a TTL and has finished (kube's needsCleanup). */
export function needsCleanup(job: DeepReadonly<Served<Job>>): boolean {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  return ttl !== undefined && ttl !== null && isJobFinished(job);
}

/** Milliseconds until the Job expires (<= 0: expired); undefined when it needs no cleanup. */
function timeLeft(job: DeepReadonly<Served<Job>>, now: number): number | undefined {
  if (job.metadata.deletionTimestamp || !needsCleanup(job)) return undefined;
  const finished = finishTime(job);
  if (finished === undefined) return undefined;
  return finished + (job.spec!.ttlSecondsAfterFinished ?? 0) * 1000 - now;
}

/** Syncs the Job under `key`; see the module comment. */
export async function processJob(deps: TtlDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const cached = deps.jobs.get(name, namespace);
  if (!cached) return {};
  const left = timeLeft(cached, deps.clock.now());
  if (left === undefined) return {};
  if (left > 0) return { requeueAfter: left };
  const client = deps.client.resource('jobs');
  let fresh: Served<Job>;
  try {
    fresh = await client.get(name, { namespace });
  } catch (err) {
    if (isNotFound(err)) return {};
    throw err;
  }
  const freshLeft = timeLeft(fresh, deps.clock.now());
  if (freshLeft === undefined) return {};
  if (freshLeft > 0) return { requeueAfter: freshLeft };
  await client.delete(name, { namespace, propagationPolicy: 'Foreground', preconditions: { uid: fresh.metadata.uid } });
  return {};
}
