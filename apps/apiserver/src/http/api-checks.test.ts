/** What every API request is checked for before its handler runs, over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pod, startTestServer, type TestServer } from '../harness.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.req('POST', PODS, pod('target'));
});
afterAll(async () => {
  await t?.stop();
});

const PODS = '/api/v1/namespaces/default/pods';
const BODY_TYPES =
  'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf';
const PATCH_TYPES =
  'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml';

describe('Content-Type', () => {
  it('415 for patch types on POST and PUT, and for unknown types', async () => {
    const body = JSON.stringify(pod('x'));
    for (const [method, path, ct] of [
      ['POST', PODS, 'application/json-patch+json'],
      ['POST', PODS, 'application/merge-patch+json'],
      ['POST', PODS, 'text/plain'],
      ['PUT', `${PODS}/target`, 'application/strategic-merge-patch+json'],
      ['POST', PODS, 'not a media type'],
    ] as const) {
      const res = await t.req(method, path, body, { 'content-type': ct });
      expect(res.status, `${method} ${ct}`).toBe(415);
      expect(res.body).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType', message: BODY_TYPES });
    }
  });

  it('415 for anything but a patch type on PATCH', async () => {
    for (const ct of ['application/json', 'application/yaml', 'text/plain']) {
      const res = await t.req('PATCH', `${PODS}/target`, '{}', { 'content-type': ct });
      expect(res.status, ct).toBe(415);
      expect(res.body).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType', message: PATCH_TYPES });
    }
  });

  it('reads a body without Content-Type as JSON, as kube-apiserver does', async () => {
    const res = await fetch(`${t.url}${PODS}`, { method: 'POST', body: Buffer.from(JSON.stringify(pod('no-ct'))) });
    expect(res.status).toBe(201);
  });
});

describe('query parameters', () => {
  it('400 for a resourceVersion that is not a uint64, on get, list and watch', async () => {
    for (const path of [`${PODS}/target`, PODS, `${PODS}?watch=true`]) {
      const sep = path.includes('?') ? '&' : '?';
      const res = await t.req('GET', `${path}${sep}resourceVersion=18446744073709551616`);
      expect(res.status, path).toBe(400);
      expect(res.body.message).toBe(
        'invalid resource version: resourceVersion: Invalid value: "18446744073709551616": strconv.ParseUint: parsing "18446744073709551616": value out of range',
      );
    }
    expect((await t.req('GET', `${PODS}?resourceVersion=-1`)).status).toBe(400);
  });

  it('watches for watch=True and other truthy spellings, lists for watch=False', async () => {
    for (const v of ['True', 't', '1', 'yes']) {
      const ac = new AbortController();
      const res = await fetch(`${t.url}${PODS}?watch=${v}`, { signal: ac.signal });
      expect(res.status, v).toBe(200);
      expect(res.headers.get('transfer-encoding'), v).toBe('chunked');
      ac.abort();
    }
    for (const v of ['False', 'FALSE', '0'])
      expect((await t.req('GET', `${PODS}?watch=${v}`)).body.kind, v).toBe('PodList');
  });

  it('422 for a fieldManager over 128 bytes or with control characters', async () => {
    const long = await t.req('POST', `${PODS}?fieldManager=${'m'.repeat(129)}`, pod('fm'));
    expect(long.status).toBe(422);
    expect(long.body).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      message: 'CreateOptions.meta.k8s.io "" is invalid: fieldManager: Too long: may not be more than 128 bytes',
      details: {
        group: 'meta.k8s.io',
        kind: 'CreateOptions',
        causes: [
          { reason: 'FieldValueTooLong', field: 'fieldManager', message: 'Too long: may not be more than 128 bytes' },
        ],
      },
    });
    const ctrl = await t.req('PATCH', `${PODS}/target?fieldManager=a%07b`, '{}', {
      'content-type': 'application/merge-patch+json',
    });
    expect(ctrl.status).toBe(422);
    expect(ctrl.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Invalid value: "a\\ab": invalid character U+0007',
    );
    expect((await t.req('GET', `${PODS}/fm`)).status).toBe(404);
  });

  it("400 with Go's message for integers Go cannot parse", async () => {
    const res = await t.req('DELETE', `${PODS}/target?gracePeriodSeconds=soon`);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('strconv.ParseInt: parsing "soon": invalid syntax');
    expect((await t.req('GET', `${PODS}?limit=99999999999999999999`)).body.message).toBe(
      'strconv.ParseInt: parsing "99999999999999999999": value out of range',
    );
    expect((await t.req('GET', `${PODS}/target`)).status).toBe(200);
  });
});
