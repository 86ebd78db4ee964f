/**
 * Test support (not part of the store's surface): starts a store in-process on a free
 * port with a temporary data dir, and gives tests plain grpc-js clients of every etcd
 * service with promise-returning unary calls.
 */
import { credentials, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadEtcdProto } from '@wheelhouse/etcd';
import { tempDir } from '@wheelhouse/testing';
import { pino } from 'pino';
import { buildStore, type StoreConfig } from '../store.js';

/** The etcd service names. */
export type ServiceName = 'KV' | 'Watch' | 'Lease' | 'Cluster' | 'Maintenance' | 'Auth';

/** grpc-js clients of every service, as loosely typed objects. */
export type Clients = Record<ServiceName, Client & Record<string, (...args: unknown[]) => unknown>>;

/**
 * Creates clients of every etcd service for `target` (host:port). Like etcd's Go client
 * they accept replies of any size (a watch catching up may batch many events). Each
 * client has its own connection, so one test's hostile traffic cannot disturb another's.
 */
export function makeClients(target: string): Clients {
  const { etcdserverpb: pb } = loadEtcdProto();
  const creds = credentials.createInsecure();
  const make = (name: ServiceName) =>
    new pb[name](target, creds, {
      'grpc.max_receive_message_length': -1,
      'grpc.use_local_subchannel_pool': 1,
    }) as Clients[ServiceName];
  return {
    KV: make('KV'),
    Watch: make('Watch'),
    Lease: make('Lease'),
    Cluster: make('Cluster'),
    Maintenance: make('Maintenance'),
    Auth: make('Auth'),
  };
}

/** Calls a unary method; resolves to the decoded response (any-typed for tests) or rejects with the ServiceError. */
export function unaryCall(clients: Clients, service: ServiceName, method: string, req: object): Promise<any> {
  return new Promise((resolve, reject) => {
    const client = clients[service];
    const fn = client[method];
    if (typeof fn !== 'function') return reject(new Error(`no method ${service}.${method}`));
    fn.call(client, req, (err: ServiceError | null, res: unknown) => (err ? reject(err) : resolve(res)));
  });
}

/** Resolves to the ServiceError a unary call fails with (fails the test if it succeeds). */
export async function unaryError(
  clients: Clients,
  service: ServiceName,
  method: string,
  req: object,
): Promise<ServiceError> {
  try {
    const res: unknown = await unaryCall(clients, service, method, req);
    throw new Error(`expected ${service}.${method} to fail, got ${JSON.stringify(res)}`);
  } catch (err) {
    if ((err as ServiceError).code === undefined) throw err;
    return err as ServiceError;
  }
}

/** A store started for a test. */
export interface TestStore {
  /** `http://127.0.0.1:PORT` */
  endpoint: string;
  /** `127.0.0.1:PORT` (etcdctl and grpc-js target) */
  target: string;
  dataDir: string;
  clients: Clients;
  call(service: ServiceName, method: string, req?: object): Promise<any>;
  error(service: ServiceName, method: string, req?: object): Promise<ServiceError>;
  /** Stops the store and removes its data dir unless `keepData`. */
  stop(opts?: { keepData?: boolean }): Promise<void>;
}

/** Starts a store in-process on a free loopback port; `config` overrides the test defaults. */
export async function startTestStore(config: StoreConfig = {}): Promise<TestStore> {
  const dir = config.dataDir ? undefined : await tempDir('wheelhouse-store-test-');
  const dataDir = config.dataDir ?? dir!.path;
  const store = buildStore({
    listenClientUrls: ['http://127.0.0.1:0'],
    logger: pino({ level: process.env.STORE_TEST_LOG ?? 'silent' }),
    shutdownGraceMs: 200,
    ...config,
    dataDir,
  });
  const { endpoints } = await store.start();
  const endpoint = endpoints[0]!;
  const target = endpoint.replace('http://', '');
  const clients = makeClients(target);
  return {
    endpoint,
    target,
    dataDir,
    clients,
    call: (s, m, req = {}) => unaryCall(clients, s, m, req),
    error: (s, m, req = {}) => unaryError(clients, s, m, req),
    stop: async (opts = {}) => {
      for (const c of Object.values(clients)) c.close();
      await store.stop();
      if (dir && !opts.keepData) await dir.cleanup();
    },
  };
}

/** Bytes from a string. */
export const b = (s: string): Buffer => Buffer.from(s);
