/**
 * pods/log against a fake kubelet: kube-apiserver's refusals (status, reason, message)
 * before anything is relayed, and the kubelet's answers relayed as they stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@wheelhouse/testing';
import { pod, startTestServer, type TestServer } from '../harness.test-support.js';
import { startFakeKubelet, type FakeKubelet } from './fake-kubelet.test-support.js';

let t: TestServer;
let kubelet: FakeKubelet;

const PODS = '/api/v1/namespaces/default/pods';

async function node(name: string, addresses: Array<{ type: string; address: string }>, port: number): Promise<void> {
  await t.req('POST', '/api/v1/nodes', { metadata: { name } });
  const status = { addresses, daemonEndpoints: { kubeletEndpoint: { Port: port } } };
  const res = await t.req(
    'PATCH',
    `/api/v1/nodes/${name}/status`,
    { status },
    {
      'content-type': 'application/merge-patch+json',
    },
  );
  expect(res.status).toBe(200);
}

async function podOn(name: string, nodeName: string | undefined, containers = ['c'], init: string[] = []) {
  const spec: Record<string, unknown> = { containers: containers.map((c) => ({ name: c, image: 'nginx' })) };
  if (init.length) spec.initContainers = init.map((c) => ({ name: c, image: 'busybox' }));
  if (nodeName) spec.nodeName = nodeName;
  expect((await t.req('POST', PODS, pod(name, {}, { spec }))).status).toBe(201);
}

beforeAll(async () => {
  t = await startTestServer();
  kubelet = await startFakeKubelet();
  const reachable = [
    { type: 'InternalIP', address: '10.9.0.1' },
    { type: 'ExternalIP', address: '127.0.0.1' },
    { type: 'Hostname', address: 'n1' },
  ];
  await node('n1', reachable, kubelet.port);
  await node('closed', [{ type: 'ExternalIP', address: '127.0.0.1' }], await freePort());
  await node('addressless', [], kubelet.port);
  await node('unresolvable', [{ type: 'Hostname', address: 'n.invalid' }], kubelet.port);
  for (const name of ['web', 'follow', 'waiting', 'gone', 'broken', 'teapot']) await podOn(name, 'n1');
  await podOn('two', 'n1', ['a', 'b'], ['setup']);
  await podOn('pending', undefined);
  await podOn('unreachable', 'closed');
  await podOn('odd', 'addressless');
  await podOn('far', 'unresolvable');
  await podOn('lost', 'ghost');
});
afterAll(async () => {
  await kubelet?.stop();
  await t?.stop();
});

describe('pods/log refusals', () => {
  it('404 for a missing pod, 400 naming the containers when none is picked, 400 for a container not in the pod', async () => {
    expect((await t.req('GET', `${PODS}/nobody/log`)).body).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'pods "nobody" not found',
    });
    expect((await t.req('GET', `${PODS}/two/log`)).body).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'a container name must be specified for pod two, choose one of: [setup a b]',
    });
    expect((await t.req('GET', `${PODS}/web/log?container=nope`)).body).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'container nope is not valid for pod web',
    });
  });

  it('400 for option values that do not parse, 422 for values out of range', async () => {
    const bad = await t.req('GET', `${PODS}/web/log?tailLines=ten`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('strconv.ParseInt: parsing "ten": invalid syntax');
    const time = await t.req('GET', `${PODS}/web/log?sinceTime=yesterday`);
    expect(time.body.message).toBe(
      'parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    );
    const both = await t.req('GET', `${PODS}/web/log?sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z`);
    expect(both.body).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message:
        'PodLogOptions "web" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
      details: { name: 'web', kind: 'PodLogOptions' },
    });
    expect((await t.req('GET', `${PODS}/web/log?tailLines=-1&limitBytes=0`)).body.message).toBe(
      'PodLogOptions "web" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, limitBytes: Invalid value: 0: must be greater than 0]',
    );
    expect((await t.req('GET', `${PODS}/web/log?sinceSeconds=0`)).body.message).toBe(
      'PodLogOptions "web" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0',
    );
  });

  it('answers 204 with no body for a pod not yet on a node, and 405 for other verbs', async () => {
    const res = await t.req('GET', `${PODS}/pending/log`);
    expect(res.status).toBe(204);
    expect(res.body).toBe('');
    expect((await t.req('POST', `${PODS}/web/log`, {})).status).toBe(405);
  });

  it('404 for a missing node, and kube-apiserver errors when the kubelet cannot be reached', async () => {
    expect((await t.req('GET', `${PODS}/lost/log`)).body).toMatchObject({
      code: 404,
      message: 'nodes "ghost" not found',
    });
    const refused = await t.req('GET', `${PODS}/unreachable/log`);
    expect(refused.status).toBe(500);
    expect(refused.body.reason).toBeUndefined();
    expect(refused.body.message).toMatch(
      /^Get "http:\/\/127\.0\.0\.1:(\d+)\/containerLogs\/default\/unreachable\/c": dial tcp 127\.0\.0\.1:\1: connect: connection refused$/,
    );
    expect((await t.req('GET', `${PODS}/odd/log`)).body).toMatchObject({
      code: 500,
      message: 'no preferred addresses found; known addresses: []',
    });
    expect((await t.req('GET', `${PODS}/far/log`)).body.message).toMatch(
      /^Get "http:\/\/n\.invalid:\d+\/containerLogs\/default\/far\/c": dial tcp: lookup n\.invalid: no such host$/,
    );
  });
});

describe('pods/log relayed from the kubelet', () => {
  it('streams the container log, sending the options as kube-apiserver does', async () => {
    const res = await t.req(
      'GET',
      `${PODS}/web/log?timestamps=true&tailLines=5&limitBytes=100&sinceTime=2026-01-01T01:02:03.5%2B01:00&previous=1`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(res.body).toBe('c line 1\nc line 2\n');
    expect(kubelet.requests.at(-1)).toBe(
      '/containerLogs/default/web/c?previous=true&timestamps=true&sinceTime=2026-01-01T00%3A02%3A03Z&tailLines=5&limitBytes=100',
    );
    expect((await t.req('GET', `${PODS}/two/log?container=b`)).body).toBe('b line 1\nb line 2\n');
    expect((await t.req('GET', `${PODS}/two/log?container=setup`)).body).toBe('setup line 1\nsetup line 2\n');
  });

  it("relays the kubelet's refusals as kube-apiserver's response checker words them", async () => {
    expect((await t.req('GET', `${PODS}/waiting/log`)).body).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'container "c" in pod "waiting" is waiting to start: ContainerCreating',
    });
    expect((await t.req('GET', `${PODS}/gone/log`)).body).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'the server could not find the requested resource ( pods/log gone)',
      details: { name: 'gone', kind: 'pods/log' },
    });
    expect((await t.req('GET', `${PODS}/broken/log`)).body).toMatchObject({
      code: 500,
      reason: 'InternalError',
      message: 'Internal error occurred: runtime exploded',
    });
    const teapot = await t.req('GET', `${PODS}/teapot/log`);
    expect(teapot.status).toBe(418);
    expect(teapot.body.message).toBe(
      'the server responded with the status code 418 but did not return more information ( pods/log teapot)',
    );
  });

  it('follows: lines arrive as the kubelet writes them, and a client that leaves ends the upstream request', async () => {
    const abort = new AbortController();
    const res = await fetch(`${t.url}${PODS}/follow/log?follow=true`, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(kubelet.requests.at(-1)).toBe('/containerLogs/default/follow/c?follow=true');
    const reader = res.body!.getReader();
    const read = async () => Buffer.from((await reader.read()).value ?? []).toString();
    expect(await read()).toBe('first\n');
    kubelet.follow('second');
    expect(await read()).toBe('second\n');
    abort.abort();
    await kubelet.followClosed;
  });
});
