/** Shared helpers for this package's tests: a real etcd plus an in-process apiserver. */
import { afterAll, beforeAll } from 'vitest';
import { kubectlHome, startRealEtcd, startWheelhouseStore, type EtcdServer, type Kubectl } from '@wheelhouse/testing';
import { pino } from 'pino';
import { buildApiServer, type ApiServer, type ApiServerConfig } from './apiserver.js';

/** A response read as JSON (or text when it is not JSON). */
export interface TestResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** A running test apiserver on a real etcd. */
export interface TestServer {
  url: string;
  etcd: EtcdServer;
  server: ApiServer;
  /** Sends a request; objects are sent as JSON unless `body` is a string or Buffer. */
  req(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestResponse>;
  stop(): Promise<void>;
}

/** Starts a real etcd (or, with `backend: 'store'`, Wheelhouse's store) and an apiserver on a free port. */
export async function startTestServer(
  config: Partial<ApiServerConfig> = {},
  backend: 'etcd' | 'store' = 'etcd',
): Promise<TestServer> {
  const etcd = backend === 'etcd' ? await startRealEtcd() : await startWheelhouseStore();
  const server = buildApiServer({
    etcdServers: [etcd.endpoint],
    port: 0,
    logger: pino({ level: 'silent' }),
    ...config,
  });
  const url = await server.start();
  const req = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> => {
    const raw = body === undefined || typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
    const h =
      raw !== undefined && typeof body === 'object' && !Buffer.isBuffer(body) && !headers['content-type']
        ? { 'content-type': 'application/json', ...headers }
        : headers;
    const res = await fetch(url + path, { method, body: raw as string | Buffer | undefined, headers: h });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    url,
    etcd,
    server,
    req,
    stop: async () => {
      await server.stop();
      await etcd.stop();
    },
  };
}

/**
 * Registers beforeAll/afterAll hooks (in the calling file or describe block) that start a
 * test apiserver and stop it afterwards; the returned getter reads it from the tests on.
 */
export function useTestServer(config: Partial<ApiServerConfig> = {}): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(config);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (!server) throw new Error('useTestServer: read before its beforeAll hook ran');
    return server;
  };
}

/** A test apiserver and a real kubectl pointed at it, shared by one test file (or describe block). */
export interface KubectlServer {
  readonly server: TestServer;
  readonly kubectl: Kubectl;
}

/**
 * Registers beforeAll/afterAll hooks (in the calling file or describe block) that start a
 * test apiserver and a kubectl with a fresh HOME (namespace default, temp directory named
 * `prefix`...), and stop both afterwards. The fields are readable from the tests on.
 */
export function useKubectlServer(prefix: string, timeoutMs = 20_000): KubectlServer {
  let server: TestServer | undefined;
  let kubectl: Kubectl | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    kubectl = await kubectlHome({ server: server.url, namespace: 'default', prefix, timeoutMs });
  });
  afterAll(async () => {
    await server?.stop();
    await kubectl?.cleanup();
  });
  return {
    get server() {
      if (!server) throw new Error('useKubectlServer: read before its beforeAll hook ran');
      return server;
    },
    get kubectl() {
      if (!kubectl) throw new Error('useKubectlServer: read before its beforeAll hook ran');
      return kubectl;
    },
  };
}

/** A minimal valid pod. */
export function pod(
  name: string,
  labels: Record<string, string> = {},
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    ...extra,
  };
}

/** A minimal valid deployment. */
export function deployment(name: string, replicas = 1): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  };
}
