/**
 * bench/crd: custom resources against a built-in kind in the same run. Our API server (its own
 * process, `wheelhouse apiserver`) over our store; a CRD `widgets.bench.example.com` with a
 * structural schema (a CEL rule, a default, printer columns); then, for ConfigMaps and for
 * Widgets in turn, 10,000 creates (64 in flight: creates/s and latency) and a LIST of all
 * of them from the watch cache (`resourceVersion=0`, JSON), after a warm-up of 2,000 of each. Goal (issue 20): custom resources
 * within 20% of ConfigMaps on both figures. The API server's CPU per create is printed too.
 *
 *   npm run --workspace bench bench:crd
 *   BENCH_OBJECTS=2000 npm run --workspace bench bench:crd
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { startApiServer, startWheelhouseStore } from '@wheelhouse/testing';
import { percentile, summarize, type Figures } from '../store/stats.js';
import { send, sendOk } from '../apiserver/http.js';

const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 10_000);
const IN_FLIGHT = 64;
const LIST_RUNS = Number(process.env.BENCH_RUNS ?? 10);
const NS = 'bench';
const WARM_NS = 'bench-warm';
const WARM = Number(process.env.BENCH_WARM ?? 2_000);

/** A kind's collection URL and a body of about the same size for each. */
interface Subject {
  name: string;
  /** The collection in namespace `ns`. */
  path(ns: string): string;
  body(i: number): Record<string, unknown>;
}

const CONFIGMAPS: Subject = {
  name: 'ConfigMaps',
  path: (ns) => `/api/v1/namespaces/${ns}/configmaps`,
  body: (i) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, labels: { app: 'bench', shard: String(i % 16) } },
    data: { image: 'registry.example.com/app:1.0', replicas: '3', schedule: '*/5 * * * *' },
  }),
};

const WIDGETS: Subject = {
  name: 'Widgets (CRD)',
  path: (ns) => `/apis/bench.example.com/v1/namespaces/${ns}/widgets`,
  body: (i) => ({
    apiVersion: 'bench.example.com/v1',
    kind: 'Widget',
    metadata: { name: `w-${i}`, labels: { app: 'bench', shard: String(i % 16) } },
    spec: { image: 'registry.example.com/app:1.0', replicas: 3, schedule: '*/5 * * * *' },
  }),
};

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.bench.example.com' },
  spec: {
    group: 'bench.example.com',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [{ name: 'Replicas', type: 'integer', jsonPath: '.spec.replicas' }],
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                'x-kubernetes-validations': [{ rule: 'self.replicas <= 100', message: 'too many replicas' }],
                properties: {
                  image: { type: 'string' },
                  replicas: { type: 'integer', minimum: 0, default: 1 },
                  schedule: { type: 'string' },
                },
              },
              status: { type: 'object', properties: { ready: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
};

function cpuSeconds(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
    .replace(/^.*\) /, '')
    .split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function creates(agent: Agent, base: URL, s: Subject, ns: string, count: number): Promise<Figures> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const body = s.body(next++);
      const t0 = performance.now();
      const r = await send(agent, base, 'POST', s.path(ns), body);
      if (r.status !== 201) throw new Error(`create ${s.name}: ${r.status} ${r.body.toString().slice(0, 300)}`);
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return summarize(latencies, (performance.now() - t0) / 1000);
}

async function lists(agent: Agent, base: URL, s: Subject): Promise<number[]> {
  const once = async (): Promise<void> => {
    const r = await send(agent, base, 'GET', `${s.path(NS)}?resourceVersion=0`);
    if (r.status !== 200) throw new Error(`list ${s.name}: ${r.status}`);
    const n = (JSON.parse(r.body.toString()) as { items: unknown[] }).items.length;
    if (n !== OBJECTS) throw new Error(`list ${s.name}: ${n} items, expected ${OBJECTS}`);
  };
  await once();
  const out: number[] = [];
  for (let i = 0; i < LIST_RUNS; i++) {
    const t0 = performance.now();
    await once();
    out.push(performance.now() - t0);
  }
  return out;
}

async function main(): Promise<void> {
  console.log(
    `bench/crd: ${OBJECTS} objects per kind, ${IN_FLIGHT} in flight (${execFileSync('uptime').toString().trim()})`,
  );
  const store = await startWheelhouseStore();
  const apiserver = await startApiServer({ etcdEndpoint: store.endpoint, logLevel: 'warn' });
  const agent = new Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  const base = new URL(apiserver.url);
  const pid = apiserver.process.child.pid;
  try {
    for (const name of [NS, WARM_NS]) await sendOk(agent, base, 'POST', '/api/v1/namespaces', { metadata: { name } });
    await sendOk(agent, base, 'POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', CRD);
    const deadline = Date.now() + 30_000;
    while ((await send(agent, base, 'GET', WIDGETS.path(NS))).status !== 200) {
      if (Date.now() > deadline) throw new Error('the CRD was not served within 30 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    // Warm-up, so that neither kind pays for the server's first (unoptimized) thousands of requests.
    for (const s of [CONFIGMAPS, WIDGETS]) await creates(agent, base, s, WARM_NS, WARM);
    const rows: string[] = [];
    const figures: { create: number; list: number }[] = [];
    for (const s of [CONFIGMAPS, WIDGETS]) {
      const cpu0 = cpuSeconds(pid);
      const f = await creates(agent, base, s, NS, OBJECTS);
      const cpuMs = ((cpuSeconds(pid) - cpu0) * 1000) / OBJECTS;
      const l = await lists(agent, base, s);
      figures.push({ create: f.perSecond, list: percentile(l, 50) });
      rows.push(
        `  ${s.name.padEnd(14)} ${f.perSecond.toFixed(0).padStart(6)} creates/s  p50 ${f.p50.toFixed(1).padStart(6)} ms  p99 ${f.p99.toFixed(1).padStart(6)} ms  apiserver CPU ${cpuMs.toFixed(2)} ms/create   LIST rv=0 p50 ${percentile(l, 50).toFixed(0).padStart(5)} ms  p99 ${percentile(l, 99).toFixed(0).padStart(5)} ms`,
      );
    }
    for (const r of rows) console.log(r);
    const [cm, w] = figures as [{ create: number; list: number }, { create: number; list: number }];
    console.log(
      `  custom resources vs ConfigMaps: creates/s ${((w.create / cm.create) * 100).toFixed(0)}%, LIST time ${((w.list / cm.list) * 100).toFixed(0)}% (goal: creates >= 80%, LIST <= 120%)`,
    );
  } finally {
    agent.destroy();
    await apiserver.stop();
    await store.stop();
  }
}

await main();
