// Leader election between processes, and the event recorder, against a real apiserver.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lease, LeaseSpec } from '@wheelhouse/api';
import { startProcess, type RunningProcess, startTestCluster, until, type TestCluster } from '@wheelhouse/testing';
import { AlreadyExistsError, ConflictError } from './api-errors.js';
import { EventRecorder } from './event-recorder.js';
import { RestEventSink, RestLeaseStore } from './rest-backed.js';
import { RestClient } from './rest-client.js';

const execFileP = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('./leader-candidate.test-support.ts', import.meta.url));
const LEASE_MS = 2_000;
const RENEW_MS = 1_500;
const RETRY_MS = 500;

let cluster: TestCluster;
let client: RestClient;
beforeAll(async () => {
  cluster = await startTestCluster();
  client = new RestClient({ server: cluster.url });
});
afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

describe('RestLeaseStore', () => {
  it('gets, creates and updates leases with the errors leader election relies on', async () => {
    const store = new RestLeaseStore(client);
    expect(await store.get('default', 'store-test')).toBeUndefined();
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { namespace: 'default', name: 'store-test' },
      spec: { holderIdentity: 'a', leaseDurationSeconds: 2 },
    };
    const created = await store.create(lease);
    expect(created.spec?.holderIdentity).toBe('a');
    await expect(store.create(lease)).rejects.toBeInstanceOf(AlreadyExistsError);
    const updated = await store.update({ ...created, spec: { ...created.spec, holderIdentity: 'b' } });
    expect((await store.get('default', 'store-test'))?.spec?.holderIdentity).toBe('b');
    await expect(store.update({ ...created, spec: { holderIdentity: 'c' } })).rejects.toBeInstanceOf(ConflictError);
    expect(updated.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);
  });
});

interface Transition {
  event: string;
  identity: string;
  at: number;
}

function transitions(procs: RunningProcess[]): Transition[] {
  return procs
    .flatMap((p) => p.output().split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Transition)
    .sort((a, b) => a.at - b.at);
}

/** Checks that leadership intervals never overlap; a killed leader's interval ends at its kill. */
function expectOneLeaderAtATime(log: Transition[], kills: Map<string, number>): void {
  let leader: string | undefined;
  const events = [...log, ...[...kills].map(([identity, at]) => ({ event: 'killed', identity, at }))].sort(
    (a, b) => a.at - b.at,
  );
  for (const e of events) {
    if (e.event === 'leading') {
      expect(leader, `${e.identity} started leading while ${leader} led`).toBeUndefined();
      leader = e.identity;
    } else if ((e.event === 'stopped' || e.event === 'killed') && leader === e.identity) {
      leader = undefined;
    }
  }
}

function candidate(identity: string): RunningProcess {
  return startProcess(process.execPath, [
    '--import',
    'tsx',
    SCRIPT,
    cluster.url,
    identity,
    String(LEASE_MS),
    String(RENEW_MS),
    String(RETRY_MS),
  ]);
}

async function holder(): Promise<LeaseSpec> {
  const lease = await new RestLeaseStore(client).get('kube-system', 'contended');
  return lease?.spec ?? {};
}

describe('leader election between processes', () => {
  it('lets exactly one lead; a killed leader is replaced once its lease expires; a stopped one releases the lease', async () => {
    const procs = [candidate('a'), candidate('b')];
    const kills = new Map<string, number>();
    // Who leads now: candidates whose last transition is "leading" and that were not killed.
    const leading = (): string[] => {
      const last = new Map<string, string>();
      for (const t of transitions(procs)) if (t.event !== 'started') last.set(t.identity, t.event);
      return [...last].filter(([id, e]) => e === 'leading' && !kills.has(id)).map(([id]) => id);
    };
    try {
      await until(() => leading().length > 0, 'a leader', 20_000);
      const first = leading()[0]!;
      const other = first === 'a' ? 'b' : 'a';
      // Both candidates keep running for a few renewals: the leader stays, the other waits.
      await new Promise((r) => setTimeout(r, 3 * RETRY_MS));
      expect(leading()).toEqual([first]);
      expect((await holder()).holderIdentity).toBe(first);

      const firstProc = procs[first === 'a' ? 0 : 1]!;
      const killedAt = Date.now();
      kills.set(first, killedAt);
      await firstProc.stop('SIGKILL');
      await until(() => leading().includes(other), 'the other candidate to take over', 10_000).catch(
        async (err: unknown) => {
          throw new Error(
            `${(err as Error).message}; transitions ${JSON.stringify(transitions(procs))}; lease ${JSON.stringify(await holder())}`,
          );
        },
      );
      // No timed bound on the takeover (it varied by seconds on a loaded 2-core machine): the
      // other candidate took the expired lease over, one transition later.
      const spec = await holder();
      expect(spec.holderIdentity).toBe(other);
      expect(spec.leaseTransitions).toBe(1);

      // A third candidate; the leader is stopped cleanly, releases the lease, and the third takes over quickly.
      procs.push(candidate('c'));
      await until(
        () => transitions(procs).some((t) => t.identity === 'c' && t.event === 'started'),
        'candidate c to start',
        20_000,
      );
      await new Promise((r) => setTimeout(r, 2 * RETRY_MS));
      const otherProc = procs[other === 'a' ? 0 : 1]!;
      await otherProc.stop('SIGTERM');
      // The stopped process releases the lease before it exits (a release racing a renewal may
      // lose and leave the lease to expire instead, so the release itself is not asserted here:
      // on a loaded 2-core CI machine that race was seen). Either way c takes over, once.
      await until(() => leading().includes('c'), 'c to take over', 20_000);
      const after = await holder();
      expect(after.holderIdentity).toBe('c');
      expect(after.leaseTransitions).toBe(2);
      expectOneLeaderAtATime(transitions(procs), kills);
    } finally {
      await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    }
  });
});

describe('event recorder against the server', () => {
  it('counts a repeated event into one stored Event, as kubectl describe shows it', async () => {
    const pod = await client
      .resource('pods', 'default')
      .create({ metadata: { name: 'evented' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const recorder = new EventRecorder({
      sink: new RestEventSink(client),
      component: 'test-controller',
      logger: pino({ level: 'silent' }),
    });
    recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    await recorder.flush();
    recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
    recorder.event(pod, 'Normal', 'Pulled', 'Container image "nginx" already present on machine');
    await recorder.shutdown();

    const events = (await client.resource('events', 'default').list({ fieldSelector: `involvedObject.name=evented` }))
      .items;
    const byReason = Object.fromEntries(events.map((e) => [e.reason, e]));
    expect(events).toHaveLength(2);
    expect(byReason.BackOff).toMatchObject({
      type: 'Warning',
      count: 2,
      message: 'Back-off restarting failed container',
      source: { component: 'test-controller' },
      involvedObject: { kind: 'Pod', name: 'evented', namespace: 'default', uid: pod.metadata.uid },
    });
    expect(byReason.Pulled?.count).toBe(1);

    const { stdout } = await execFileP(
      'kubectl',
      ['--server', cluster.url, 'describe', 'pod', 'evented', '-n', 'default'],
      { env: { ...process.env, HOME: '/nonexistent' } },
    );
    expect(stdout).toMatch(
      /Warning\s+BackOff\s+\S+ \(x2 over \S+\)\s+test-controller\s+Back-off restarting failed container/,
    );
    expect(stdout).toMatch(
      /Normal\s+Pulled\s+\S+\s+test-controller\s+Container image "nginx" already present on machine/,
    );
  });
});
