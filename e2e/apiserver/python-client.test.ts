/**
 * The official Kubernetes Python client (Debian's python3-kubernetes, at /usr/bin/python3)
 * against our store and API server as real processes: a paginated list, a watch from a
 * resourceVersion (the client sends `watch=True`), a patch, a delete, and the errors it
 * raises as ApiException (404, 409 on creating an existing name).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startApiServer, startWheelhouseStore, type ApiServerProcess, type EtcdServer } from '@wheelhouse/testing';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./python-client.test-support.py', import.meta.url));

let store: EtcdServer;
let apiserver: ApiServerProcess;
beforeAll(async () => {
  store = await startWheelhouseStore();
  apiserver = await startApiServer({ etcdEndpoint: store.endpoint, logLevel: 'warn' });
});
afterAll(async () => {
  await apiserver?.stop();
  await store?.stop();
});

/** Runs the client script; resolves with what it printed, rejects with its stderr on failure. */
function runClient(url: string): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    execFile(PYTHON, [SCRIPT, url], { timeout: 90_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`python client failed: ${err.message}\n${stderr}`));
      else resolve(JSON.parse(stdout) as Record<string, unknown>);
    });
  });
}

describe('the official Python client', () => {
  it('lists in pages, watches from a resourceVersion, patches, deletes and raises ApiException', async () => {
    const seen = await runClient(apiserver.url);
    expect(seen.pages).toBe(3);
    expect(seen.names).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);
    expect(seen.patched).toEqual({ i: '0', patched: 'yes' });
    expect(seen.events).toEqual([
      ['ADDED', 'cm-new'],
      ['MODIFIED', 'cm-0'],
      ['DELETED', 'cm-1'],
    ]);
    expect(seen.notFound).toEqual({ status: 404, reason: 'NotFound', kind: 'Status' });
    expect(seen.alreadyExists).toEqual({ status: 409, reason: 'AlreadyExists', kind: 'Status' });
    expect(seen.remaining).toEqual(['cm-0', 'cm-2', 'cm-3', 'cm-4', 'cm-new']);
  });
});
