/**
 * bench/apiserver write-cost: the API server's and the store's CPU per request for each write a
 * node failure makes (bench/node-failure: the pods marked not Ready, the DisruptionTarget
 * patches, the graceful deletes, the replacements' creates and bindings, the kubelet's status
 * patches, the components' Events, and the healthy nodes' lease renewals), with pod watchers
 * attached as the components would be. CPU per request is what the outage's burst is made of,
 * and it moves far less from run to run than the outage's wall time. Each kind runs over
 * BENCH_PODS objects (default 2,000) with 32 requests in flight, once to warm up and once
 * measured. Last it sums the writes one replaced pod costs after its eviction falls due: the
 * API server's single thread needs that much CPU per pod, whatever the other components do.
 *
 *   npm run --workspace bench bench:write-cost
 *   BENCH_PODS=500 BENCH_WATCHERS=2 npm run --workspace bench bench:write-cost
 *   BENCH_PROFILE=/tmp/prof BENCH_ONLY=lease ...   # V8 CPU profiles; only kinds whose name has "lease" measured
 */
import { Agent } from 'node:http';
import { ConcurrencyLimit } from '@wheelhouse/client';
import { startApiServer, startWheelhouseStore } from '@wheelhouse/testing';
import { BENCH_LAUNCHER, BENCH_NODE_ARGS, launcherLine } from '../node-args.js';
import { cpuSeconds } from '../proc-stats.js';
import { openStream, sendOk } from './http.js';

const PODS = Number(process.env.BENCH_PODS ?? 2000);
/** The scheduler, the controller manager, the kubelet and the bench's own view watch pods in bench/node-failure. */
const WATCHERS = Number(process.env.BENCH_WATCHERS ?? 4);
const IN_FLIGHT = 32;
const NS = 'bench';
/** BENCH_ONLY=leases: only the lease renewals are timed (the pods are still written), e.g. to profile one kind. */
const ONLY = process.env.BENCH_ONLY ?? '';
const RS_UID = '6f1c9d3e-0000-4000-8000-000000000001';

type Obj = Record<string, unknown>;

/** A pod as a Deployment's ReplicaSet creates it. */
function podBody(name: string, nodeName?: string): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      labels: { app: 'bench', 'pod-template-hash': '5d9c8b7f6' },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'bench-5d9c8b7f6',
          uid: RS_UID,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [
        {
          name: 'app',
          image: 'registry.k8s.io/pause:3.9',
          ports: [{ containerPort: 8080, protocol: 'TCP' }],
          resources: { requests: { cpu: '10m', memory: '16Mi' } },
        },
      ],
    },
  };
}

/** Now as a Kubernetes Time (RFC 3339, seconds) and MicroTime (microseconds). */
const time = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const microTime = (): string => new Date().toISOString().replace('Z', '000Z');

const condition = (type: string, status: string, reason?: string): Obj => ({
  type,
  status,
  lastProbeTime: null,
  lastTransitionTime: time(),
  ...(reason ? { reason } : {}),
});

/** The status a simulated kubelet writes for a Running pod. */
function runningStatus(name: string): Obj {
  const now = time();
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((t) =>
      condition(t, 'True'),
    ),
    hostIP: '10.0.0.1',
    hostIPs: [{ ip: '10.0.0.1' }],
    podIP: '10.244.0.5',
    podIPs: [{ ip: '10.244.0.5' }],
    startTime: now,
    qosClass: 'Burstable',
    containerStatuses: [
      {
        name: 'app',
        ready: true,
        started: true,
        restartCount: 0,
        image: 'registry.k8s.io/pause:3.9',
        imageID: 'registry.k8s.io/pause@sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097',
        containerID: `containerd://${name}`,
        state: { running: { startedAt: now } },
      },
    ],
  };
}

/** An Event as the recorders of @wheelhouse/client write it (here: the scheduler's Scheduled). */
function eventBody(podName: string): Obj {
  const now = time();
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${podName}.${process.hrtime.bigint().toString(16)}`, namespace: NS },
    involvedObject: { kind: 'Pod', namespace: NS, name: podName, apiVersion: 'v1' },
    reason: 'Scheduled',
    message: `Successfully assigned ${NS}/${podName} to node-1`,
    type: 'Normal',
    source: { component: 'default-scheduler' },
    count: 1,
    firstTimestamp: now,
    lastTimestamp: now,
    reportingComponent: 'default-scheduler',
    reportingInstance: '',
  };
}

const EVENT_KIND = 'POST events';

/**
 * The writes one replaced pod costs once its eviction falls due, in kube's order: the taint
 * manager's DisruptionTarget patch, its graceful delete and its TaintManagerEviction event; the
 * ReplicaSet's create and its SuccessfulCreate event; the scheduler's binding and its Scheduled
 * event; the kubelet's Running status. (Ready=False came earlier, at NotReady.)
 */
const AFTER_EVICTION: readonly (readonly [kind: string, times: number])[] = [
  ['PATCH pods/status (DisruptionTarget)', 1],
  ['DELETE pods (graceful)', 1],
  ['POST pods (unbound)', 1],
  ['POST pods/binding', 1],
  ['PATCH pods/status (Running)', 1],
  [EVENT_KIND, 3],
];

const inFlight = new ConcurrencyLimit(IN_FLIGHT);

/** Runs `fn` for each of `items` in order, `IN_FLIGHT` at a time. */
async function each<T>(items: T[], fn: (item: T, index: number) => Promise<unknown>): Promise<void> {
  await Promise.all(items.map((item, i) => inFlight.run(() => fn(item, i))));
}

async function main(): Promise<void> {
  console.log(`bench/apiserver write-cost: ${PODS} objects per kind, ${WATCHERS} pod watchers, ${IN_FLIGHT} in flight`);
  console.log(`  ${launcherLine()}`);
  const store = await startWheelhouseStore({ nodeArgs: [...BENCH_NODE_ARGS], launcher: BENCH_LAUNCHER });
  const api = await startApiServer({
    etcdEndpoint: store.endpoint,
    nodeArgs: [...BENCH_NODE_ARGS],
    launcher: BENCH_LAUNCHER,
    logLevel: 'warn',
  });
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT + WATCHERS });
  const base = new URL(api.url);
  const streams: { destroy(): void }[] = [];
  try {
    const req = <T = Obj>(method: string, path: string, body?: unknown, type?: string): Promise<T> =>
      sendOk<T>(agent, base, method, path, body, [200, 201], type);
    await req('POST', '/api/v1/namespaces', { metadata: { name: NS } });
    await req('POST', `/api/v1/namespaces/${NS}/serviceaccounts`, { metadata: { name: 'default' } });
    let lines = 0;
    for (let i = 0; i < WATCHERS; i++)
      streams.push(
        await openStream(agent, base, '/api/v1/pods?watch=true&allowWatchBookmarks=true', () => void lines++),
      );
    const pids = { apiserver: api.process.child.pid!, store: store.process.child.pid! };

    const rounds: { round: string; kind: string; api: number; store: number; perSecond: number }[] = [];
    const measure = async (round: string, kind: string, fn: () => Promise<void>): Promise<void> => {
      if (ONLY && !kind.toLowerCase().includes(ONLY.toLowerCase())) return fn();
      const before = [cpuSeconds(pids.apiserver), cpuSeconds(pids.store)] as const;
      const t0 = performance.now();
      await fn();
      const wall = (performance.now() - t0) / 1000;
      // CPU profiles time their samples on the monotonic clock: this finds the phase in them.
      if (process.env.BENCH_PROFILE)
        console.log(
          `  ${round} ${kind}: from monotonic ${process.hrtime.bigint() / 1000n - BigInt(Math.round(wall * 1e6))} µs for ${wall.toFixed(2)} s`,
        );
      const per = (s: number): number => (1000 * s) / PODS;
      rounds.push({
        round,
        kind,
        api: per(cpuSeconds(pids.apiserver) - before[0]),
        store: per(cpuSeconds(pids.store) - before[1]),
        perSecond: PODS / wall,
      });
    };

    for (const round of ['warm-up', 'measured']) {
      const names = Array.from({ length: PODS }, (_, i) => `${round}-${i}`);
      const pods = `/api/v1/namespaces/${NS}/pods`;
      const latest = new Map<string, Obj>();
      await measure(round, 'POST pods (bound, as the fill)', () =>
        each(names, async (n, i) => latest.set(n, await req('POST', pods, podBody(n, `node-${i % 100}`)))),
      );
      await measure(round, 'PATCH pods/status (Running)', () =>
        each(names, async (n) =>
          latest.set(
            n,
            await req(
              'PATCH',
              `${pods}/${n}/status`,
              { status: runningStatus(n) },
              'application/strategic-merge-patch+json',
            ),
          ),
        ),
      );
      await measure(round, 'PUT pods/status (Ready False)', () =>
        each(names, async (n) => {
          const pod = latest.get(n)!;
          const status = pod.status as { conditions: Obj[] };
          const conditions = status.conditions.map((c) =>
            c.type === 'Ready' ? { ...c, status: 'False', reason: 'NodeNotReady' } : c,
          );
          latest.set(n, await req('PUT', `${pods}/${n}/status`, { ...pod, status: { ...status, conditions } }));
        }),
      );
      await measure(round, 'PATCH pods/status (DisruptionTarget)', () =>
        each(names, (n) =>
          req(
            'PATCH',
            `${pods}/${n}/status`,
            { status: { conditions: [condition('DisruptionTarget', 'True', 'DeletionByTaintManager')] } },
            'application/strategic-merge-patch+json',
          ),
        ),
      );
      await measure(round, 'DELETE pods (graceful)', () => each(names, (n) => req('DELETE', `${pods}/${n}`)));
      const fresh = names.map((n) => `${n}-new`);
      await measure(round, 'POST pods (unbound)', () => each(fresh, (n) => req('POST', pods, podBody(n))));
      await measure(round, 'POST pods/binding', () =>
        each(fresh, (n, i) =>
          req('POST', `${pods}/${n}/binding`, {
            apiVersion: 'v1',
            kind: 'Binding',
            metadata: { name: n },
            target: { apiVersion: 'v1', kind: 'Node', name: `node-${i % 100}` },
          }),
        ),
      );
      await measure(round, EVENT_KIND, () =>
        each(fresh, (n) => req('POST', `/api/v1/namespaces/${NS}/events`, eventBody(n))),
      );
      const leases = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases`;
      const leaseNames = names.map((n) => `lease-${n}`);
      const leaseObjs = new Map<string, Obj>();
      await each(leaseNames, async (n) =>
        leaseObjs.set(
          n,
          await req('POST', leases, {
            metadata: { name: n },
            spec: {
              holderIdentity: n,
              leaseDurationSeconds: 40,
              renewTime: microTime(),
            },
          }),
        ),
      );
      await measure(round, 'PUT leases (renewal)', () =>
        each(leaseNames, async (n) => {
          const l = leaseObjs.get(n)!;
          const renewTime = microTime();
          leaseObjs.set(n, await req('PUT', `${leases}/${n}`, { ...l, spec: { ...(l.spec as Obj), renewTime } }));
        }),
      );
    }
    console.log(`  ${lines} watch lines read`);
    console.log('  request                                 apiserver CPU   store CPU    requests/s');
    const measured = rounds.filter((r) => r.round === 'measured');
    for (const r of measured)
      console.log(
        `  ${r.kind.padEnd(38)}  ${r.api.toFixed(3)} ms      ${r.store.toFixed(3)} ms     ${r.perSecond.toFixed(0).padStart(6)}`,
      );
    const cost = (pick: (r: (typeof measured)[number]) => number): number | undefined => {
      let sum = 0;
      for (const [kind, times] of AFTER_EVICTION) {
        const r = measured.find((m) => m.kind === kind);
        if (!r) return undefined;
        sum += times * pick(r);
      }
      return sum;
    };
    const afterApi = cost((r) => r.api);
    const afterStore = cost((r) => r.store);
    if (afterApi !== undefined && afterStore !== undefined)
      console.log(
        `  after an eviction falls due, one replaced pod: ${AFTER_EVICTION.reduce((n, [, t]) => n + t, 0)} writes, ` +
          `${afterApi.toFixed(2)} ms of API server CPU + ${afterStore.toFixed(2)} ms of store CPU ` +
          `(1,000 pods: ${afterApi.toFixed(1)} s on the API server's one thread)`,
      );
    console.log(
      JSON.stringify({
        pods: PODS,
        watchers: WATCHERS,
        results: measured,
        afterEviction: { api: afterApi, store: afterStore },
      }),
    );
  } finally {
    for (const s of streams) s.destroy();
    agent.destroy();
    await api.stop();
    await store.stop();
  }
}

await main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
