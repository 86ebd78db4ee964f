/** The Lease service: grant, revoke, keep-alive stream, time-to-live, list. */
import type { ServerDuplexStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type * as wire from '@wheelhouse/etcd';
import type { MessageInit } from '@wheelhouse/etcd';
import { isStoreError } from '../errors.js';
import type { ServerContext } from './context.js';
import { toStatus, unary } from './handler.js';
import { big, num } from './wire.js';

type KeepAliveCall = ServerDuplexStream<wire.LeaseKeepAliveRequest, MessageInit<wire.LeaseKeepAliveResponse>>;

/** Implements etcdserverpb.Lease over the engine. */
export function leaseService(ctx: ServerContext): UntypedServiceImplementation {
  const { engine, identity, log } = ctx;
  return {
    LeaseGrant: unary(log, 'LeaseGrant', async (req: wire.LeaseGrantRequest) => {
      const r = await engine.leaseGrant(num(req.TTL), big(req.ID));
      return { header: identity.header(r.revision), ID: r.id.toString(), TTL: String(r.ttl), error: '' };
    }),
    LeaseRevoke: unary(log, 'LeaseRevoke', async (req: wire.LeaseRevokeRequest) => {
      const r = await engine.leaseRevoke(big(req.ID));
      return { header: identity.header(r.revision) };
    }),
    LeaseTimeToLive: unary(log, 'LeaseTimeToLive', (req: wire.LeaseTimeToLiveRequest) => {
      const r = engine.leaseTimeToLive(big(req.ID), req.keys === true);
      return {
        header: identity.header(r.revision),
        ID: r.id.toString(),
        TTL: String(r.ttl),
        grantedTTL: String(r.grantedTtl),
        keys: r.keys,
      };
    }),
    LeaseLeases: unary(log, 'LeaseLeases', () => ({
      header: identity.header(engine.revision),
      leases: engine.leaseList().map((id) => ({ ID: id.toString() })),
    })),
    LeaseKeepAlive: (call: KeepAliveCall) => keepAlive(ctx, call),
  };
}

/**
 * The keep-alive stream: each {ID} renews that lease and is answered {ID, TTL} in request
 * order; an unknown or expired lease is answered TTL 0 (etcd's convention), other errors
 * end the stream with their status.
 */
function keepAlive(ctx: ServerContext, call: KeepAliveCall): void {
  const { engine, identity, log } = ctx;
  let chain: Promise<void> = Promise.resolve();
  let done = false;
  const renew = async (id: bigint): Promise<void> => {
    let ttl = 0;
    try {
      ttl = (await engine.leaseRenew(id)).ttl;
    } catch (err) {
      if (!isStoreError(err, 'LeaseNotFound')) throw err;
    }
    if (!done) call.write({ header: identity.header(engine.revision), ID: id.toString(), TTL: String(ttl) });
  };
  call.on('data', (req: wire.LeaseKeepAliveRequest) => {
    const id = big(req?.ID);
    chain = chain
      .then(() => renew(id))
      .catch((err: unknown) => {
        if (done) return;
        done = true;
        const s = toStatus(err, log, 'LeaseKeepAlive');
        call.emit('error', { code: s.code, details: s.details });
      });
  });
  const stop = (): void => {
    done = true;
  };
  call.on('cancelled', stop);
  call.on('close', stop);
  call.on('error', stop);
  // The client half-closed: answer what is queued, then end the stream as etcd does.
  call.on('end', () => {
    void chain.then(() => {
      if (!done) call.end();
    });
  });
}
