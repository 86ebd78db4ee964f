/**
 * Workloads end to end, as a user runs them: `wheelhouse start`, `wheelhouse scheduler`,
 * `wheelhouse controller-manager` and `wheelhouse kubelet --nodes 3` each its own process
 * (one cluster for the file, each test in its own namespace), driven by the real kubectl and
 * asserting what kubectl prints or returns with -o json: Ready nodes; a Deployment rolled
 * out, updated, paused, resumed, undone and scaled; a StatefulSet started in order behind a
 * headless Service; Jobs completing (one Indexed); the scheduler's FailedScheduling event and
 * cordon; a ReplicationController replacing a deleted pod and scaled down; a DaemonSet covering a
 * node added through the kubelet's admin API; a CronJob on `* * * * *` (made right after the cluster
 * is up, so its runs happen while the other tests run; its test is last) keeping one successful Job,
 * and `kubectl create job --from=cronjob/NAME`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startControlPlane, stopAndReportCluster, type ControlPlane } from '../support/control-plane.test-support.js';
import {
  createNamespace,
  ready,
  running,
  until,
  type KubeList,
  type KubeObject,
  type Kubectl,
} from '../support/kubectl.test-support.js';
import {
  cronJob,
  daemonSet,
  job,
  pod,
  replicationController,
  statefulSetWithHeadlessService,
} from './manifests.test-support.js';

const NODES = ['node-1', 'node-2', 'node-3'];
/** The namespace of the CronJobs, made in beforeAll. */
const CRON_NS = 'cronjob';
/** How long after the CronJob is made its test may wait: cron counts whole minutes, on the real clock. */
const CRON_DEADLINE_MS = 150_000;

let cluster: ControlPlane;
let k: Kubectl;
/** When `kubectl apply` made the CronJob (Date.now()). */
let cronMadeAt: number;

beforeAll(async () => {
  cluster = await startControlPlane({ nodes: NODES.length, podDelay: '100ms' });
  k = cluster.kubectl;
  // Made now so that its first runs (at the next minute boundaries) happen while the other tests run.
  await namespace(CRON_NS);
  await k.apply(CRON_NS, [
    cronJob('tick', { schedule: '* * * * *', successfulJobsHistoryLimit: 1 }),
    cronJob('by-hand', { schedule: '* * * * *', successfulJobsHistoryLimit: 1, suspend: true }),
  ]);
  cronMadeAt = Date.now();
}, 180_000);

stopAndReportCluster('workloads', () => cluster);

/** Creates namespace `name` with kubectl and returns its name. */
const namespace = (name: string): Promise<string> => createNamespace(k, name);

function image(p: KubeObject): string {
  return p.spec.containers[0].image as string;
}

/** Waits until `ns` has exactly `count` pods matching `selector` (none terminating), all Running with `img`. */
function podsRunning(ns: string, selector: string, count: number, img?: string): Promise<KubeObject[]> {
  return until(
    `${count} Running pods ${selector}${img ? ` of ${img}` : ''} in ${ns}`,
    async () => (await k.json<KubeList>(['get', 'pods', '-n', ns, '-l', selector])).items,
    (pods) => pods.length === count && pods.every((p) => running(p) && (!img || image(p) === img)),
  );
}

/** `kubectl rollout status` of `what` succeeds; resolves with what it printed. */
async function rolledOut(ns: string, what: string): Promise<string> {
  return k.ok(['rollout', 'status', what, '-n', ns, '--timeout=90s']);
}

/** The REVISION column of `kubectl rollout history`. */
async function revisions(ns: string, what: string): Promise<string[]> {
  const out = await k.ok(['rollout', 'history', what, '-n', ns]);
  return [...out.matchAll(/^(\d+)\s/gm)].map((m) => m[1]!);
}

async function nodeNames(): Promise<string[]> {
  return (await k.json<KubeList>(['get', 'nodes'])).items.map((n) => n.metadata.name).sort();
}

describe('nodes', () => {
  it("kubectl get nodes shows the kubelet's three nodes Ready", async () => {
    const nodes = await until(
      '3 Ready nodes',
      async () => (await k.json<KubeList>(['get', 'nodes'])).items,
      (items) => items.length === NODES.length && items.every((n) => ready(n) === 'True'),
    );
    expect(nodes.map((n) => n.metadata.name).sort()).toEqual(NODES);
    const table = await k.ok(['get', 'nodes']);
    for (const name of NODES) expect(table).toMatch(new RegExp(`^${name}\\s+Ready\\s`, 'm'));
  });
});

describe('Deployment', () => {
  it('rolls out, updates, pauses, resumes, shows history, undoes to revision 1 and scales', async () => {
    const ns = await namespace('deployment');
    const deploy = 'deployment/web';
    expect(await k.ok(['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=3', '-n', ns])).toContain(
      'deployment.apps/web created',
    );
    expect(await rolledOut(ns, deploy)).toContain('deployment "web" successfully rolled out');
    const first = await podsRunning(ns, 'app=web', 3, 'nginx:1.25');
    for (const p of first) {
      expect(NODES).toContain(p.spec.nodeName);
      expect(p.status.podIP).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    }
    expect(new Set(first.map((p) => p.status.podIP)).size).toBe(3);

    expect(await k.ok(['set', 'image', deploy, 'nginx=nginx:1.26', '-n', ns])).toContain(
      'deployment.apps/web image updated',
    );
    expect(await rolledOut(ns, deploy)).toContain('successfully rolled out');
    await podsRunning(ns, 'app=web', 3, 'nginx:1.26');

    // Paused: the new template is recorded but no ReplicaSet is made for it until resumed.
    expect(await k.ok(['rollout', 'pause', deploy, '-n', ns])).toContain('deployment.apps/web paused');
    await k.ok(['set', 'image', deploy, 'nginx=nginx:1.27', '-n', ns]);
    await until(
      'the controller to see the paused Deployment',
      () => k.json(['get', deploy, '-n', ns]),
      (d) =>
        d.status?.observedGeneration >= d.metadata.generation! &&
        d.status?.conditions?.some((c: any) => c.type === 'Progressing' && c.reason === 'DeploymentPaused'),
    );
    const replicaSets = await k.json<KubeList>(['get', 'replicasets', '-n', ns, '-l', 'app=web']);
    expect(replicaSets.items.map((rs) => rs.spec.template.spec.containers[0].image).sort()).toEqual([
      'nginx:1.25',
      'nginx:1.26',
    ]);
    expect((await k.pods(ns, 'app=web')).map(image)).toEqual(['nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
    expect(await k.ok(['rollout', 'resume', deploy, '-n', ns])).toContain('deployment.apps/web resumed');
    expect(await rolledOut(ns, deploy)).toContain('successfully rolled out');
    await podsRunning(ns, 'app=web', 3, 'nginx:1.27');

    expect(await revisions(ns, deploy)).toEqual(['1', '2', '3']);
    expect(await k.ok(['rollout', 'history', deploy, '-n', ns, '--revision=1'])).toMatch(/Image:\s+nginx:1\.25\n/);
    expect(await k.ok(['rollout', 'undo', deploy, '--to-revision=1', '-n', ns])).toContain(
      'deployment.apps/web rolled back',
    );
    expect(await rolledOut(ns, deploy)).toContain('successfully rolled out');
    await podsRunning(ns, 'app=web', 3, 'nginx:1.25');
    expect(await revisions(ns, deploy)).toEqual(['2', '3', '4']);

    expect(await k.ok(['scale', deploy, '--replicas=5', '-n', ns])).toContain('deployment.apps/web scaled');
    expect(await rolledOut(ns, deploy)).toContain('successfully rolled out');
    await podsRunning(ns, 'app=web', 5, 'nginx:1.25');
    expect(await k.ok(['get', deploy, '-n', ns])).toMatch(/^web\s+5\/5\s+5\s+5\s/m);
    expect(await k.ok(['scale', deploy, '--replicas=1', '-n', ns])).toContain('deployment.apps/web scaled');
    await podsRunning(ns, 'app=web', 1, 'nginx:1.25');
    await until(
      'the Deployment to report 1/1',
      () => k.ok(['get', deploy, '-n', ns]),
      (table) => /^web\s+1\/1\s+1\s+1\s/m.test(table),
    );
  }, 300_000);
});

describe('StatefulSet', () => {
  it('starts web-0, web-1, web-2 in order behind a headless Service and recreates a deleted pod by name', async () => {
    const ns = await namespace('statefulset');
    // `get -w` prints the pods it lists, then every change in order; a first pod shows when it watches.
    await k.apply(ns, [pod('watching')]);
    const watch = k.start([
      'get',
      'pods',
      '-n',
      ns,
      '-w',
      '-o',
      'jsonpath={.metadata.name} {.metadata.uid} {.status.phase} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}',
    ]);
    try {
      await watch.waitFor(/^watching /m, 60_000);
      expect(await k.apply(ns, statefulSetWithHeadlessService('web', 3))).toMatch(
        /service\/web created\nstatefulset.apps\/web created/,
      );
      await rolledOut(ns, 'statefulset/web');
      const pods = await podsRunning(ns, 'app=web', 3);
      expect(pods.map((p) => [p.metadata.name, p.spec.hostname, p.spec.subdomain])).toEqual([
        ['web-0', 'web-0', 'web'],
        ['web-1', 'web-1', 'web'],
        ['web-2', 'web-2', 'web'],
      ]);
      expect(await k.ok(['get', 'service', 'web', '-n', ns])).toMatch(/^web\s+ClusterIP\s+None\s/m);

      // OrderedReady: web-N appears in the watch only after web-(N-1) was Running and Ready.
      const lines = watch.output().split('\n');
      const firstSeen = (name: string) => lines.findIndex((l) => l.startsWith(`${name} `));
      const firstReady = (name: string) =>
        lines.findIndex((l) => l.startsWith(`${name} `) && l.endsWith(' Running True'));
      expect(firstSeen('web-0')).toBeGreaterThan(-1);
      expect(firstSeen('web-1')).toBeGreaterThan(firstReady('web-0'));
      expect(firstSeen('web-2')).toBeGreaterThan(firstReady('web-1'));
      expect(firstReady('web-0')).toBeGreaterThan(-1);
      expect(firstReady('web-1')).toBeGreaterThan(-1);
      const created = pods.map((p) => Date.parse(p.metadata.creationTimestamp!));
      expect([...created].sort((a, b) => a - b)).toEqual(created);

      const old = pods[1]!.metadata.uid;
      expect(await k.ok(['delete', 'pod', 'web-1', '-n', ns])).toContain('pod "web-1" deleted');
      const again = await until(
        'a new Running web-1',
        () => k.json(['get', 'pod', 'web-1', '-n', ns]),
        (p) => p.metadata.uid !== old && running(p),
      );
      expect(again.spec.hostname).toBe('web-1');
      expect(watch.output()).toMatch(new RegExp(`^web-1 ${again.metadata.uid} Running True$`, 'm'));
    } finally {
      await watch.stop();
    }
  }, 180_000);
});

describe('Job', () => {
  it('completes a Job of 3 completions and an Indexed Job with completedIndexes 0-2', async () => {
    const ns = await namespace('job');
    await k.apply(ns, [
      job('x', { completions: 3, parallelism: 2, completionMode: 'NonIndexed' }),
      job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }),
    ]);
    const waited = await k.ok(['wait', '--for=condition=complete', 'job/x', 'job/idx', '-n', ns, '--timeout=90s']);
    expect(waited).toContain('job.batch/x condition met');
    expect(waited).toContain('job.batch/idx condition met');
    expect(await k.ok(['get', 'jobs', '-n', ns])).toMatch(/^x\s+Complete\s+3\/3\s/m);

    const x = await k.json(['get', 'job', 'x', '-n', ns]);
    expect(x.status.succeeded).toBe(3);
    const idx = await k.json(['get', 'job', 'idx', '-n', ns]);
    expect(idx.status.succeeded).toBe(3);
    expect(idx.status.completedIndexes).toBe('0-2');
    const pods = await k.pods(ns, 'batch.kubernetes.io/job-name=idx');
    expect(pods.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual([
      '0',
      '1',
      '2',
    ]);
    expect(pods.every((p) => p.status.phase === 'Succeeded')).toBe(true);
  });
});

describe('scheduler', () => {
  it('leaves a pod whose nodeSelector no node matches Pending with FailedScheduling, and binds it once one does', async () => {
    const ns = await namespace('unschedulable');
    const label = 'e2e.wheelhouse.dev/disk';
    const n = (await nodeNames()).length;
    await k.apply(ns, [pod('lonely', { [label]: 'ssd' })]);
    const events = await until(
      'a FailedScheduling event for pod/lonely',
      () => k.json<KubeList>(['get', 'events', '-n', ns, '--field-selector', 'involvedObject.name=lonely']),
      (list) => list.items.some((e: any) => e.reason === 'FailedScheduling'),
    );
    const failed = events.items.find((e: any) => e.reason === 'FailedScheduling') as any;
    expect(failed.type).toBe('Warning');
    expect(failed.source.component).toBe('default-scheduler');
    expect(failed.message).toBe(
      `0/${n} nodes are available: ${n} node(s) didn't match Pod's node affinity/selector. ` +
        `preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling.`,
    );
    const pending = await k.json(['get', 'pod', 'lonely', '-n', ns]);
    expect(pending.status.phase).toBe('Pending');
    expect(pending.spec.nodeName).toBeUndefined();
    expect(pending.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }),
    );

    try {
      await k.ok(['label', 'node', 'node-2', `${label}=ssd`]);
      const bound = await until('pod/lonely Running', () => k.json(['get', 'pod', 'lonely', '-n', ns]), running);
      expect(bound.spec.nodeName).toBe('node-2');
    } finally {
      await k.ok(['label', 'node', 'node-2', `${label}-`]);
    }
  });

  it('keeps new pods off cordoned nodes', async () => {
    const ns = await namespace('cordon');
    const cordoned = ['node-1', 'node-2'];
    try {
      const out = await k.ok(['cordon', ...cordoned]);
      for (const name of cordoned) expect(out).toContain(`node/${name} cordoned`);
      const table = await k.ok(['get', 'nodes']);
      for (const name of cordoned) expect(table).toMatch(new RegExp(`^${name}\\s+Ready,SchedulingDisabled\\s`, 'm'));
      await k.ok(['create', 'deployment', 'packed', '--image=nginx', '--replicas=4', '-n', ns]);
      await rolledOut(ns, 'deployment/packed');
      const pods = await podsRunning(ns, 'app=packed', 4);
      expect(pods.map((p) => p.spec.nodeName)).toEqual(['node-3', 'node-3', 'node-3', 'node-3']);
    } finally {
      await k.ok(['uncordon', ...cordoned]);
    }
  });
});

describe('ReplicationController', () => {
  it('keeps 3 replicas, replaces a deleted pod and scales down with kubectl scale rc', async () => {
    const ns = await namespace('replicationcontroller');
    expect(await k.apply(ns, [replicationController('x', 3)])).toContain('replicationcontroller/x created');
    const rcShows = (desired: number, current: number, readyCount: number) =>
      until(
        `kubectl get rc x to show ${desired} ${current} ${readyCount}`,
        () => k.ok(['get', 'rc', 'x', '-n', ns]),
        (table) => new RegExp(`^x\\s+${desired}\\s+${current}\\s+${readyCount}\\s`, 'm').test(table),
      );
    const table = await rcShows(3, 3, 3);
    expect(table).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/m);
    const pods = await podsRunning(ns, 'app=x', 3);
    for (const p of pods)
      expect(p.metadata.ownerReferences).toContainEqual(
        expect.objectContaining({ kind: 'ReplicationController', name: 'x', controller: true }),
      );

    const gone = pods[0]!;
    expect(await k.ok(['delete', 'pod', gone.metadata.name, '-n', ns])).toContain(
      `pod "${gone.metadata.name}" deleted`,
    );
    const replaced = await until(
      'a replacement for the deleted pod',
      () => k.pods(ns, 'app=x'),
      (now) => now.length === 3 && now.every(running) && !now.some((p) => p.metadata.uid === gone.metadata.uid),
    );
    expect(replaced.map((p) => p.metadata.name)).not.toContain(gone.metadata.name);
    await rcShows(3, 3, 3);

    expect(await k.ok(['scale', 'rc/x', '--replicas=1', '-n', ns])).toContain('replicationcontroller/x scaled');
    await podsRunning(ns, 'app=x', 1);
    await rcShows(1, 1, 1);
  });
});

describe('DaemonSet', () => {
  it('runs one pod per node, and one on a node added through the kubelet admin API', async () => {
    const ns = await namespace('daemonset');
    const nodes = await nodeNames();
    await k.apply(ns, [daemonSet('agent')]);
    expect(await rolledOut(ns, 'daemonset/agent')).toContain('daemon set "agent" successfully rolled out');
    const pods = await podsRunning(ns, 'app=agent', nodes.length);
    expect(pods.map((p) => p.spec.nodeName).sort()).toEqual(nodes);

    const added = await fetch(`${cluster.kubeletAdmin}/nodes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'node-4' }),
    });
    expect(added.status).toBe(201);
    try {
      await until(
        'node-4 Ready',
        () => k.json(['get', 'node', 'node-4']),
        (n) => ready(n) === 'True',
      );
      const more = await podsRunning(ns, 'app=agent', nodes.length + 1);
      expect(more.map((p) => p.spec.nodeName).sort()).toEqual([...nodes, 'node-4'].sort());
      const ds = await until(
        'the DaemonSet to count node-4',
        () => k.json(['get', 'daemonset', 'agent', '-n', ns]),
        (d) => d.status?.numberReady === nodes.length + 1,
      );
      expect(ds.status.desiredNumberScheduled).toBe(nodes.length + 1);
    } finally {
      // Leave the cluster with the nodes it started with.
      await fetch(`${cluster.kubeletAdmin}/nodes/node-4`, { method: 'DELETE' });
    }
  });
});

// Last in the file: the CronJob made in beforeAll has had the other tests' time to run.
describe('CronJob', () => {
  /** Jobs of `ns` whose controller is the CronJob `owner`, not being deleted. */
  async function jobsOf(ns: string, owner: KubeObject): Promise<KubeObject[]> {
    const jobs = await k.json<KubeList>(['get', 'jobs', '-n', ns]);
    return jobs.items.filter(
      (j) =>
        !j.metadata.deletionTimestamp &&
        j.metadata.ownerReferences?.some((o) => o.controller && o.kind === 'CronJob' && o.uid === owner.metadata.uid),
    );
  }
  const complete = (j: KubeObject) =>
    (j.status?.conditions as { type: string; status: string }[] | undefined)?.some(
      (c) => c.type === 'Complete' && c.status === 'True',
    ) ?? false;

  it('kubectl create job --from=cronjob makes a Job of its template that completes', async () => {
    const ns = CRON_NS;
    expect(await k.ok(['create', 'job', 'manual', '--from=cronjob/by-hand', '-n', ns])).toContain(
      'job.batch/manual created',
    );
    expect(await k.ok(['wait', '--for=condition=complete', 'job/manual', '-n', ns, '--timeout=90s'])).toContain(
      'job.batch/manual condition met',
    );
    const manual = await k.json(['get', 'job', 'manual', '-n', ns]);
    expect(manual.metadata.annotations?.['cronjob.kubernetes.io/instantiate']).toBe('manual');
    expect(manual.metadata.ownerReferences).toContainEqual(
      expect.objectContaining({ kind: 'CronJob', name: 'by-hand', controller: true }),
    );
    expect(manual.status.succeeded).toBe(1);
  });

  it(
    'runs every minute, shows LAST SCHEDULE and keeps successfulJobsHistoryLimit (1) completed Job',
    async () => {
      const ns = CRON_NS;
      const cj = await k.json(['get', 'cronjob', 'tick', '-n', ns]);
      // Waits for the CronJob's status to name the one completed Job kept: a run's Job completes,
      // lastSuccessfulTime becomes its completionTime, and the Job of any earlier run is gone.
      const done = await until(
        'one completed Job of cronjob/tick, whose completionTime is its lastSuccessfulTime',
        async () => {
          const [now, jobs] = await Promise.all([k.json(['get', 'cronjob', 'tick', '-n', ns]), jobsOf(ns, cj)]);
          return { status: now.status, completed: jobs.filter(complete) };
        },
        ({ status, completed }) =>
          completed.length === 1 &&
          !!status?.lastScheduleTime &&
          !!status.lastSuccessfulTime &&
          Date.parse(completed[0]!.status.completionTime) === Date.parse(status.lastSuccessfulTime),
        Math.max(0, cronMadeAt + CRON_DEADLINE_MS - Date.now()),
      );
      const kept = done.completed[0]!;
      expect(kept.metadata.name).toMatch(/^tick-\d+$/);
      expect(kept.status.succeeded).toBe(1);

      const table = await k.ok(['get', 'cronjob', 'tick', '-n', ns]);
      expect(table).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$/m);
      const row = /^tick\s+\* \* \* \* \*\s+<none>\s+False\s+\d+\s+(\S+)\s+\S+$/m.exec(table);
      expect(row, table).not.toBeNull();
      expect(row![1]).toMatch(/^\d+[smhd]/);
    },
    CRON_DEADLINE_MS + 60_000,
  );
});
