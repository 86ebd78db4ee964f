// Metadata-only responses, as client-go's metadata client asks for them (Accept's
// as=PartialObjectMetadata / as=PartialObjectMetadataList), on GET, LIST, WATCH and writes.
import { describe, expect, it } from 'vitest';
import { pod, useTestServer } from '../harness.test-support.js';
import { metadataFormOf } from './partial-metadata.js';

const server = useTestServer();

const PODS = '/api/v1/namespaces/default/pods';
// client-go's metadata client: protobuf first (responses here are JSON), then JSON, then plain JSON.
const META = {
  accept:
    'application/vnd.kubernetes.protobuf;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json',
};
const META_LIST = {
  accept:
    'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1beta1,application/json',
};

describe('the Accept negotiation', () => {
  it('takes the first JSON media type, of meta.k8s.io v1 or v1beta1', () => {
    expect(metadataFormOf(META.accept)).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' });
    expect(metadataFormOf('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1beta1')).toEqual({
      kind: 'PartialObjectMetadataList',
      apiVersion: 'meta.k8s.io/v1beta1',
    });
    expect(metadataFormOf('application/json,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1')).toBe(
      undefined,
    );
    expect(metadataFormOf('application/json;as=PartialObjectMetadata;g=example.com;v=v1')).toBe(undefined);
    expect(metadataFormOf('application/json;as=Table;g=meta.k8s.io;v=v1')).toBe(undefined);
    expect(metadataFormOf(undefined)).toBe(undefined);
  });
});

describe('PartialObjectMetadata responses', () => {
  it('GET and writes answer with the metadata alone', async () => {
    const created = await server().req('POST', PODS, pod('pm-1', { app: 'pm' }), META);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: expect.objectContaining({ name: 'pm-1', namespace: 'default', labels: { app: 'pm' } }),
    });
    const got = await server().req('GET', `${PODS}/pm-1`, undefined, META);
    expect(got.body.kind).toBe('PartialObjectMetadata');
    expect(got.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    expect(got.body.spec).toBeUndefined();
    const patched = await server().req(
      'PATCH',
      `${PODS}/pm-1/status`,
      { status: { phase: 'Running' } },
      { ...META, 'content-type': 'application/strategic-merge-patch+json' },
    );
    expect(patched.status).toBe(200);
    expect(patched.body.kind).toBe('PartialObjectMetadata');
    expect(Number(patched.body.metadata.resourceVersion)).toBeGreaterThan(Number(got.body.metadata.resourceVersion));
    // The write happened in full.
    expect((await server().req('GET', `${PODS}/pm-1`)).body.status.phase).toBe('Running');
  });

  it('LIST answers a PartialObjectMetadataList; the other form is a 406 each way, as in kube', async () => {
    await server().req('POST', PODS, pod('pm-2', { app: 'pm' }));
    const list = await server().req('GET', `${PODS}?labelSelector=app%3Dpm`, undefined, META_LIST);
    expect(list.status).toBe(200);
    expect(list.body.kind).toBe('PartialObjectMetadataList');
    expect(list.body.apiVersion).toBe('meta.k8s.io/v1');
    expect(Number(list.body.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(list.body.items.map((i: { metadata: { name: string } }) => i.metadata.name).sort()).toEqual([
      'pm-1',
      'pm-2',
    ]);
    expect(list.body.items[0]).toEqual({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: expect.objectContaining({ namespace: 'default' }),
    });
    const wrongList = await server().req('GET', PODS, undefined, META);
    expect(wrongList.status).toBe(406);
    expect(wrongList.body).toMatchObject({
      kind: 'Status',
      reason: 'NotAcceptable',
      code: 406,
      message: 'you requested PartialObjectMetadata, but the requested object is a list (*core.PodList)',
    });
    const wrongObject = await server().req('GET', `${PODS}/pm-2`, undefined, META_LIST);
    expect(wrongObject.status).toBe(406);
    expect(wrongObject.body.message).toBe(
      'you requested PartialObjectMetadataList, but the requested object is not a list (*core.Pod)',
    );
  });

  it('WATCH sends each object as PartialObjectMetadata', async () => {
    const res = await fetch(`${server().url}${PODS}?watch=true&labelSelector=app%3Dpm&timeoutSeconds=2`, {
      headers: META,
    });
    const text = await res.text();
    const events = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { kind: string; apiVersion: string; metadata: object } });
    expect(events.length).toBeGreaterThanOrEqual(2);
    for (const e of events) {
      expect(e.type).toBe('ADDED');
      expect(e.object.kind).toBe('PartialObjectMetadata');
      expect(e.object.apiVersion).toBe('meta.k8s.io/v1');
      expect(Object.keys(e.object).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
    }
  });

  it('WATCH asked for PartialObjectMetadataList sends the objects as they are, as kube-apiserver does', async () => {
    const res = await fetch(`${server().url}${PODS}?watch=true&labelSelector=app%3Dpm&timeoutSeconds=1`, {
      headers: META_LIST,
    });
    const kinds = (await res.text())
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { object: { kind: string } }).object.kind);
    expect(kinds.length).toBeGreaterThanOrEqual(2);
    expect(new Set(kinds)).toEqual(new Set(['Pod']));
  });

  it("names the other group's internal Go type in the 406, as kube's %T does", async () => {
    const res = await server().req('GET', '/apis/apps/v1/namespaces/default/deployments', undefined, META);
    expect(res.status).toBe(406);
    expect(res.body.message).toBe(
      'you requested PartialObjectMetadata, but the requested object is a list (*apps.DeploymentList)',
    );
  });
});
