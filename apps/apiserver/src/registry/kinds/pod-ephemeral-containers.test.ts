import { describe, expect, it } from 'vitest';
import { pod, useKubectlServer } from '../../harness.test-support.js';

const k = useKubectlServer('ephemeral-');
const server = () => k.server;
const kubectl = () => k.kubectl;

const PODS = '/api/v1/namespaces/default/pods';
const SMP = { 'content-type': 'application/strategic-merge-patch+json' };
const MERGE = { 'content-type': 'application/merge-patch+json' };
const JSON_PATCH = { 'content-type': 'application/json-patch+json' };
const debug = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: 'busybox', ...extra });
/** PATCH pods/{name}/ephemeralcontainers with `body` of the content type in `headers`. */
const patchEphemeral = (name: string, body: unknown, headers: Record<string, string>) =>
  server().req('PATCH', `${PODS}/${name}/ephemeralcontainers`, body, headers);
const addEphemeral = (name: string, ...containers: Record<string, unknown>[]) =>
  patchEphemeral(name, { spec: { ephemeralContainers: containers } }, SMP);

async function createPod(name: string, spec: Record<string, unknown> = {}): Promise<void> {
  const body = pod(name);
  Object.assign(body.spec as object, spec);
  expect((await server().req('POST', PODS, body)).status).toBe(201);
}

describe('pods/ephemeralcontainers', () => {
  it('is listed in discovery as kube lists it', async () => {
    const list = (await server().req('GET', '/api/v1')).body as { resources: Record<string, unknown>[] };
    expect(list.resources.find((r) => r.name === 'pods/ephemeralcontainers')).toEqual({
      name: 'pods/ephemeralcontainers',
      singularName: '',
      namespaced: true,
      kind: 'Pod',
      verbs: ['get', 'patch', 'update'],
    });
  });

  it('adds an ephemeral container by strategic merge patch, defaulted, and changes nothing else', async () => {
    await createPod('add');
    const res = await patchEphemeral(
      'add',
      {
        metadata: { labels: { sneaky: 'yes' } },
        spec: { ephemeralContainers: [debug('dbg')], activeDeadlineSeconds: 5 },
      },
      SMP,
    );
    expect(res.status).toBe(200);
    expect(res.body.spec.ephemeralContainers).toEqual([
      {
        name: 'dbg',
        image: 'busybox',
        imagePullPolicy: 'Always',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        resources: {},
      },
    ]);
    expect(res.body.metadata.labels).toBeUndefined();
    expect(res.body.spec.activeDeadlineSeconds).toBeUndefined();
    const got = await server().req('GET', `${PODS}/add/ephemeralcontainers`);
    expect(got.body).toMatchObject({ kind: 'Pod', spec: { ephemeralContainers: [{ name: 'dbg' }] } });
    const entry = got.body.metadata.managedFields.find((e: { subresource?: string }) => e.subresource);
    expect(entry).toMatchObject({ operation: 'Update', subresource: 'ephemeralcontainers' });
  });

  it('takes merge and JSON patches and PUT too, each adding to what is there', async () => {
    await createPod('kinds');
    await addEphemeral('kinds', debug('one'));
    const json = await patchEphemeral(
      'kinds',
      [{ op: 'add', path: '/spec/ephemeralContainers/-', value: debug('two') }],
      JSON_PATCH,
    );
    expect(json.status).toBe(200);
    const current = json.body;
    current.spec.ephemeralContainers.push(debug('three'));
    const put = await server().req('PUT', `${PODS}/kinds/ephemeralcontainers`, current);
    expect(put.status).toBe(200);
    expect(put.body.spec.ephemeralContainers.map((c: { name: string }) => c.name)).toEqual(['one', 'two', 'three']);
    const merge = await patchEphemeral('kinds', { spec: { ephemeralContainers: [debug('only')] } }, MERGE);
    expect(merge.status).toBe(422);
    expect(merge.body.message).toBe(
      'Pod "kinds" is invalid: [spec.ephemeralContainers: Forbidden: existing ephemeral containers "one" may not be removed\n' +
        ', spec.ephemeralContainers: Forbidden: existing ephemeral containers "two" may not be removed\n' +
        ', spec.ephemeralContainers: Forbidden: existing ephemeral containers "three" may not be removed\n]',
    );
  });

  it("refuses to remove or change an existing ephemeral container with kube's messages", async () => {
    await createPod('keep');
    await addEphemeral('keep', debug('dbg'));
    const removed = await patchEphemeral('keep', [{ op: 'remove', path: '/spec/ephemeralContainers/0' }], JSON_PATCH);
    expect(removed.status).toBe(422);
    expect(removed.body).toMatchObject({
      reason: 'Invalid',
      message:
        'Pod "keep" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be removed\n',
      details: {
        name: 'keep',
        kind: 'Pod',
        causes: [{ reason: 'FieldValueForbidden', field: 'spec.ephemeralContainers' }],
      },
    });
    const changed = await addEphemeral('keep', debug('dbg', { image: 'alpine' }));
    expect(changed.status).toBe(422);
    expect(changed.body.message).toMatch(
      /^Pod "keep" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be changed\n/,
    );
  });

  it('validates new ephemeral containers as kube does', async () => {
    await createPod('bad', { initContainers: [{ name: 'init', image: 'busybox' }] });
    const forbidden = await addEphemeral(
      'bad',
      debug('dbg', {
        ports: [{ containerPort: 80 }],
        resources: { limits: { cpu: '1' } },
        readinessProbe: { exec: { command: ['true'] } },
        restartPolicy: 'Always',
      }),
    );
    expect(forbidden.status).toBe(422);
    expect(forbidden.body.message).toBe(
      'Pod "bad" is invalid: [spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container, ' +
        'spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container, ' +
        'spec.ephemeralContainers[0].restartPolicy: Forbidden: cannot be set for an Ephemeral Container, ' +
        'spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container]',
    );
    const dup = await addEphemeral('bad', debug('c'), debug('init'), { name: 'noimage' });
    expect(dup.body.message).toBe(
      'Pod "bad" is invalid: [spec.ephemeralContainers[0].name: Duplicate value: "c", ' +
        'spec.ephemeralContainers[1].name: Duplicate value: "init", ' +
        'spec.ephemeralContainers[2].image: Required value]',
    );
    const target = await addEphemeral('bad', debug('dbg', { targetContainerName: 'nope' }));
    expect(target.body.message).toBe(
      'Pod "bad" is invalid: spec.ephemeralContainers[0].targetContainerName: Not found: "nope"',
    );
    const ok = await addEphemeral('bad', debug('dbg', { targetContainerName: 'c' }));
    expect(ok.status).toBe(200);
  });

  it('is still refused on create and through the pod itself', async () => {
    const created = await server().req('POST', PODS, pod('direct'));
    expect(created.status).toBe(201);
    const viaPod = await server().req(
      'PATCH',
      `${PODS}/direct`,
      { spec: { ephemeralContainers: [debug('dbg')] } },
      SMP,
    );
    expect(viaPod.status).toBe(422);
    expect(viaPod.body.message).toMatch(/^Pod "direct" is invalid: spec: Forbidden: pod updates may not change fields/);
    const body = pod('oncreate');
    Object.assign(body.spec as object, { ephemeralContainers: [debug('dbg')] });
    const onCreate = await server().req('POST', PODS, body);
    expect(onCreate.body.message).toBe(
      'Pod "oncreate" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create',
    );
  });

  it('kubectl debug adds a debugger container', async () => {
    await createPod('target');
    const run = await kubectl().run('debug', 'pod/target', '--image=busybox', '--profile=general', '--', 'sleep', '1');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Defaulting debug container name to debugger-[a-z0-9]{5}\.\n$/);
    const got = JSON.parse(await kubectl().ok('get', 'pod', 'target', '-o', 'json'));
    expect(got.spec.ephemeralContainers).toEqual([
      expect.objectContaining({ image: 'busybox', command: ['sleep', '1'], terminationMessagePolicy: 'File' }),
    ]);
  });
});
