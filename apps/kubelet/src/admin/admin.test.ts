import { readFile } from 'node:fs/promises';
import type { Node } from '@wheelhouse/api';
import { join } from 'node:path';
import { tempDir, type TempDir } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../cluster.test-support.js';
import { eventually, startKubelet, type TestKubelet } from '../kubelet.test-support.js';

let api: TestApi;
let k: TestKubelet;
let dir: TempDir;
let url: string;
const warnings: Error[] = [];
const onWarning = (w: Error): number => warnings.push(w);

beforeAll(async () => {
  process.on('warning', onWarning);
  api = await startTestApi();
  dir = await tempDir();
  k = await startKubelet(api, {
    nodes: 2,
    nodeNamePrefix: 'adm-',
    adminPort: 0,
    adminPortFile: join(dir.path, 'admin.json'),
  });
  url = k.kubelet.admin!.url;
  await eventually(k.clock, () => k.kubelet.nodes.list().every((n) => n.state === 'running'), 'nodes running');
});
afterAll(async () => {
  process.off('warning', onWarning);
  await k?.stop();
  await api?.stop();
  await dir?.cleanup();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(url + path, {
    method,
    ...(body === undefined
      ? {}
      : {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        }),
  });
  return { status: res.status, body: await res.json() };
}

describe('admin API', () => {
  it('starts with the kubelet API without a deprecation warning', () => {
    expect(warnings.map((w) => `${w.name}: ${w.message}`).filter((w) => w.includes('Deprecation'))).toEqual([]);
  });

  it('listens on loopback and writes its port to the port file', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const file = JSON.parse(await readFile(join(dir.path, 'admin.json'), 'utf8'));
    expect(file).toEqual({ port: k.kubelet.admin!.port, url, pid: process.pid });
  });

  it('lists the nodes with their state', async () => {
    expect(await call('GET', '/nodes')).toEqual({
      status: 200,
      body: {
        nodes: [
          { name: 'adm-1', state: 'running' },
          { name: 'adm-2', state: 'running' },
        ],
      },
    });
    expect(await call('GET', '/nodes/adm-2')).toEqual({ status: 200, body: { name: 'adm-2', state: 'running' } });
  });

  it('fails and recovers a node, refusing to do either twice', async () => {
    expect(await call('POST', '/nodes/adm-2/fail')).toEqual({ status: 200, body: { name: 'adm-2', state: 'failed' } });
    expect(await call('POST', '/nodes/adm-2/fail')).toEqual({
      status: 409,
      body: { error: { code: 'NodeFailed', message: 'node "adm-2" is already failed' } },
    });
    expect((await call('POST', '/nodes/adm-2/recover')).body.state).toBe('registering');
    await eventually(k.clock, () => k.kubelet.nodes.list()[1]!.state === 'running', 'recovered');
    expect((await call('POST', '/nodes/adm-2/recover')).status).toBe(409);
  });

  it('names an unknown node, and answers bad requests and unknown paths with JSON errors', async () => {
    expect(await call('POST', '/nodes/nope/fail')).toEqual({
      status: 404,
      body: { error: { code: 'UnknownNode', message: 'node "nope" is not hosted by this kubelet' } },
    });
    expect((await call('POST', '/nodes', { name: 'Bad_Name' })).body.error).toEqual({
      code: 'BadRequest',
      message: 'node name "Bad_Name" is not a valid DNS subdomain',
    });
    expect((await call('POST', '/nodes', '{not json')).status).toBe(400);
    expect(await call('GET', '/pods')).toEqual({
      status: 404,
      body: { error: { code: 'NotFound', message: 'no such admin endpoint: GET /pods' } },
    });
  });

  it('adds a node that registers, and removes one, deleting its Node', async () => {
    expect(await call('POST', '/nodes', { name: 'adm-extra' })).toEqual({
      status: 201,
      body: { name: 'adm-extra', state: 'registering' },
    });
    expect((await call('POST', '/nodes')).body.name).toBe('adm-4');
    await eventually(k.clock, async () => (await api.client.resource('nodes').list()).items.length === 4, 'four nodes');
    expect((await call('POST', '/nodes', { name: 'adm-extra' })).status).toBe(409);
    expect(await call('DELETE', '/nodes/adm-extra')).toEqual({
      status: 200,
      body: { name: 'adm-extra', state: 'stopped' },
    });
    const names = (await api.client.resource('nodes').list()).items.map((n) => n.metadata.name);
    expect(names.sort()).toEqual(['adm-1', 'adm-2', 'adm-4']);
  });

  it('adds a node with its own cpu, memory, labels and taints over the flags, refusing bad ones', async () => {
    const body = {
      name: 'adm-big',
      cpu: '16',
      memory: '64Gi',
      labels: { tier: 'big' },
      taints: ['big=yes:NoSchedule'],
    };
    expect((await call('POST', '/nodes', body)).status).toBe(201);
    let node: Node | undefined;
    await eventually(
      k.clock,
      async () =>
        (node = await api.client
          .resource('nodes')
          .get('adm-big')
          .catch(() => undefined))?.status?.capacity !== undefined,
      'adm-big registered with its status',
    );
    expect(node!.status?.capacity).toMatchObject({ cpu: '16', memory: '64Gi' });
    expect(node!.metadata?.labels).toMatchObject({ tier: 'big', 'kubernetes.io/hostname': 'adm-big' });
    expect(node!.spec?.taints).toEqual([{ key: 'big', value: 'yes', effect: 'NoSchedule' }]);
    await call('DELETE', '/nodes/adm-big');
    const bad = [
      [{ cpu: 'lots' }, 'cpu "lots" is not a resource quantity'],
      [{ labels: ['x'] }, 'labels must be an object of strings'],
      [{ taints: ['big=yes:Sometimes'] }, 'effect must be one of NoSchedule, PreferNoSchedule, NoExecute'],
    ] as const;
    for (const [b, message] of bad) {
      const r = await call('POST', '/nodes', { name: 'adm-bad', ...b });
      expect([r.status, r.body.error.code]).toEqual([400, 'BadRequest']);
      expect(r.body.error.message).toContain(message);
    }
    expect(k.kubelet.nodes.hosted('adm-bad')).toBe(false);
  });
});

describe('--admin-port-file without --admin-port', () => {
  it('serves the admin API on a free loopback port and writes it to the file', async () => {
    const file = join(dir.path, 'only-file.json');
    const other = await startKubelet(api, { nodes: 1, nodeNamePrefix: 'adf-', adminPortFile: file });
    try {
      const written = JSON.parse(await readFile(file, 'utf8'));
      expect(written).toEqual({ port: other.kubelet.admin!.port, url: other.kubelet.admin!.url, pid: process.pid });
      expect(written.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const res = await fetch(`${written.url}/nodes`);
      expect(await res.json()).toEqual({ nodes: [{ name: 'adf-1', state: expect.any(String) }] });
    } finally {
      await other.stop();
    }
  });
});
