/** Helpers for the quota and LimitRanger admission tests: objects the watch cache has seen, quotas with a status. */
import { expect } from 'vitest';
import type { TestServer } from '../harness.test-support.js';

/** Waits until the watch cache (which admission reads) has seen `rv` of the collection at `path`. */
export async function awaitSeen(t: TestServer, path: string, rv: string): Promise<void> {
  await t.req('GET', `${path}?resourceVersion=${rv}&resourceVersionMatch=NotOlderThan&limit=1`);
}

/** Creates `obj` in the collection at `path` (expecting 201) and waits until the watch cache has it. */
export async function createSeen(t: TestServer, path: string, obj: object): Promise<Record<string, any>> {
  const res = await t.req('POST', path, obj);
  expect(res.status).toBe(201);
  await awaitSeen(t, path, res.body.metadata.resourceVersion as string);
  return res.body;
}

/** Creates namespace `name`. */
export async function namespace(t: TestServer, name: string): Promise<void> {
  const res = await t.req('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  expect(res.status).toBe(201);
}

/**
 * Creates ResourceQuota `name` in `ns` with `hard`, then writes the status the resourcequota
 * controller would (`status.hard` = `hard`, `status.used` = `used`) and waits until the cache has it.
 */
export async function syncedQuota(
  t: TestServer,
  ns: string,
  name: string,
  hard: Record<string, string>,
  used: Record<string, string>,
): Promise<void> {
  const path = `/api/v1/namespaces/${ns}/resourcequotas`;
  const created = await t.req('POST', path, {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name },
    spec: { hard },
  });
  expect(created.status).toBe(201);
  const res = await t.req('PUT', `${path}/${name}/status`, { ...created.body, status: { hard, used } });
  expect(res.status).toBe(200);
  await awaitSeen(t, path, res.body.metadata.resourceVersion as string);
}

/** The `status.used` of quota `name` in `ns`. */
export async function usedOf(t: TestServer, ns: string, name: string): Promise<Record<string, string> | undefined> {
  return (await t.req('GET', `/api/v1/namespaces/${ns}/resourcequotas/${name}`)).body.status?.used;
}

/** Waits until the watch cache has the stored quota `name` of `ns` (so admission sees what was charged). */
export async function quotaSeen(t: TestServer, ns: string, name: string): Promise<void> {
  const path = `/api/v1/namespaces/${ns}/resourcequotas`;
  const res = await t.req('GET', `${path}/${name}`);
  await awaitSeen(t, path, res.body.metadata.resourceVersion as string);
}
