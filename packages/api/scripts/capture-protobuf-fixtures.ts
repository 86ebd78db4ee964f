/**
 * Records the protobuf request bodies the real kubectl sends, as fixtures for
 * src/protobuf/decode.test.ts: for each case, `<name>.pb` (the body kubectl POSTs) and
 * `<name>.json` (what `kubectl ... --dry-run=client -o json` prints for the same command,
 * the oracle for the decoded object). Runs kubectl against a tiny local server that
 * answers /version and records bodies; kubectl then fails with 415, as intended.
 *
 *   npx tsx packages/api/scripts/capture-protobuf-fixtures.ts
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../src/protobuf/fixtures/', import.meta.url));

/** Fixture name -> kubectl arguments (without --dry-run / -o). */
const CASES: Record<string, string[]> = {
  deployment: ['create', 'deployment', 'web', '--image=nginx', '--replicas=0', '--port=80'],
  'deployment-multi': ['create', 'deployment', 'multi', '--image=nginx', '--image=redis'],
  configmap: ['create', 'configmap', 'cm', '--from-literal=a=b', '--from-literal=empty=', '--from-file=bin=BINFILE'],
  secret: ['create', 'secret', 'generic', 's', '--from-literal=k=v', '--type=Opaque'],
  'secret-docker': [
    'create',
    'secret',
    'docker-registry',
    'reg',
    '--docker-server=r.example',
    '--docker-username=u',
    '--docker-password=p',
  ],
  namespace: ['create', 'namespace', 'team-a'],
  'service-clusterip': ['create', 'service', 'clusterip', 'svc', '--tcp=80:8080', '--tcp=443:https'],
  'service-nodeport': ['create', 'service', 'nodeport', 'np', '--tcp=80:8080', '--node-port=30080'],
  'service-externalname': ['create', 'service', 'externalname', 'ext', '--external-name=example.com'],
  'service-headless': ['create', 'service', 'clusterip', 'headless', '--clusterip=None'],
  serviceaccount: ['create', 'serviceaccount', 'robot'],
  job: ['create', 'job', 'batch', '--image=busybox', '--', 'echo', 'hi'],
  cronjob: ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--restart=Never', '--', 'date'],
  pdb: ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=1'],
  'pdb-percent': ['create', 'poddisruptionbudget', 'pdb2', '--selector=app=web', '--max-unavailable=50%'],
  priorityclass: [
    'create',
    'priorityclass',
    'high',
    '--value=1000',
    '--global-default=false',
    '--description=important',
    '--preemption-policy=Never',
  ],
  'priorityclass-zero': ['create', 'priorityclass', 'zero', '--value=0'],
};

function kubectl(home: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      args,
      { env: { ...process.env, HOME: home, KUBECONFIG: join(home, 'kubeconfig') }, cwd: home },
      (err, stdout) => resolve({ code: err ? 1 : 0, stdout }),
    );
  });
}

function recorder(bodies: Buffer[]): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url?.startsWith('/version'))
        return void res.end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0' }));
      if (req.method === 'POST') bodies.push(Buffer.concat(chunks));
      res
        .writeHead(415, { 'content-type': 'application/json' })
        .end('{"kind":"Status","apiVersion":"v1","status":"Failure","code":415}');
    });
  });
}

async function main(): Promise<void> {
  const bodies: Buffer[] = [];
  const server = recorder(bodies).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const home = await mkdtemp(join(tmpdir(), 'capture-'));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await writeFile(
    join(home, 'kubeconfig'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      'current-context': 'c',
      clusters: [{ name: 'c', cluster: { server: url } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u', namespace: 'default' } }],
      users: [{ name: 'u', user: {} }],
    }),
  );
  await writeFile(join(home, 'bin'), Buffer.from([0, 1, 2, 0xff, 0xfe]));
  for (const [name, raw] of Object.entries(CASES)) {
    const args = raw.map((a) => a.replace('BINFILE', join(home, 'bin')));
    const dash = args.indexOf('--');
    const withFlags = (f: string[]) =>
      dash < 0 ? [...args, ...f] : [...args.slice(0, dash), ...f, ...args.slice(dash)];
    const oracle = await kubectl(home, withFlags(['--dry-run=client', '-o', 'json']));
    bodies.length = 0;
    await kubectl(home, args);
    if (oracle.code !== 0 || bodies.length !== 1)
      throw new Error(`${name}: kubectl gave ${bodies.length} bodies, dry run exit ${oracle.code}`);
    await writeFile(join(OUT, `${name}.pb`), bodies[0]!);
    await writeFile(join(OUT, `${name}.json`), oracle.stdout);
  }
  server.close();
}

await main();
