/**
 * Bodies built to exhaust the API server: each gets its 4xx Status, the heap stays
 * bounded, and the next request is served.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pod, startTestServer, type TestServer } from '../harness.test-support.js';
import { rawConnect } from './raw-http.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const PODS = '/api/v1/namespaces/default/pods';
const MiB = 1024 * 1024;

function varint(n: number): Buffer {
  const out: number[] = [];
  for (; n > 127; n = Math.floor(n / 128)) out.push((n % 128) | 128);
  out.push(n);
  return Buffer.from(out);
}

/** A length-delimited protobuf field. */
function field(id: number, value: string | Buffer): Buffer {
  const bytes = Buffer.from(value);
  return Buffer.concat([varint((id << 3) | 2), varint(bytes.length), bytes]);
}

/** A Kubernetes protobuf Pod whose managedFields entry carries `fieldsV1` JSON nested `depth` levels. */
function deepProtobufPod(depth: number): Buffer {
  const fieldsV1 = field(1, `${'{"f:a":'.repeat(depth)}{}${'}'.repeat(depth)}`);
  const entry = Buffer.concat([field(1, 'evil'), field(7, fieldsV1)]);
  const meta = Buffer.concat([field(1, 'deep'), field(17, entry)]);
  const typeMeta = Buffer.concat([field(1, 'v1'), field(2, 'Pod')]);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), field(1, typeMeta), field(2, field(1, meta))]);
}

async function stillServing(name: string): Promise<void> {
  expect((await t.req('GET', '/readyz')).status).toBe(200);
  expect((await t.req('POST', PODS, pod(name))).status).toBe(201);
}

describe('hostile bodies', () => {
  it('refuses YAML aliases that repeat a 1 MB string hundreds of times with 413, heap bounded', async () => {
    const big = 'x'.repeat(MiB);
    const aliases = Array.from({ length: 450 }, () => '*s').join(', ');
    const yaml = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: amp\n  annotations:\n    a: &s "${big}"\nspec:\n  containers:\n  - name: c\n    image: nginx\n    args: [${aliases}]\n`;
    const before = process.memoryUsage().heapUsed;
    const res = await t.req('POST', PODS, yaml, { 'content-type': 'application/yaml' });
    const grown = process.memoryUsage().heapUsed - before;
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728',
    });
    // Expanded, the body would be 450 MB; bounded, a few copies of the 1 MB body at most.
    expect(grown).toBeLessThan(64 * MiB);
    await stillServing('after-yaml');
  });

  it('refuses a protobuf body nested 10,000 levels with 400, not a stack overflow', async () => {
    const res = await t.req('POST', PODS, deepProtobufPod(10_000), {
      'content-type': 'application/vnd.kubernetes.protobuf',
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ kind: 'Status', reason: 'BadRequest' });
    expect(res.body.message).toMatch(/nested deeper than 1000 levels/);
    await stillServing('after-protobuf');
  });

  it('refuses JSON and YAML nested 10,000 levels with 400', async () => {
    const json = `{"metadata":{"name":"d","annotations":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}`;
    expect((await t.req('POST', PODS, json, { 'content-type': 'application/json' })).status).toBe(400);
    const yaml = `metadata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const res = await t.req('POST', PODS, yaml, { 'content-type': 'application/yaml' });
    expect(res.status).toBe(400);
    expect(res.body.kind).toBe('Status');
    await stillServing('after-deep');
  });

  it('answers 413 to a declared length over 3 MiB before any of the body is sent', async () => {
    const c = rawConnect(t.url);
    await c.write(
      `POST ${PODS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${4 * MiB}\r\n\r\n{`,
    );
    const res = await c.response;
    c.socket.destroy();
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body)).toMatchObject({
      kind: 'Status',
      code: 413,
      reason: 'RequestEntityTooLarge',
      message: 'Request entity too large: limit is 3145728',
    });
    await stillServing('after-length');
  });

  it('answers 413 to a chunked body as soon as it passes 3 MiB, without waiting for its end', async () => {
    const c = rawConnect(t.url);
    await c.write(
      `POST ${PODS} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
    );
    const chunk = Buffer.alloc(256 * 1024, 'x');
    for (let sent = 0; sent <= 3 * MiB; sent += chunk.length)
      await c.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
    // The body never ends: only the limit can produce this answer.
    const res = await c.response;
    c.socket.destroy();
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body).reason).toBe('RequestEntityTooLarge');
    await stillServing('after-chunked');
  });
});
