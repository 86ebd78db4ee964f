/**
 * The Cluster service of a single-member cluster: MemberList answers with this member;
 * membership changes are refused, with etcd's own error where etcd would give one (an
 * unknown member, a non-learner) and UNIMPLEMENTED otherwise.
 */
import { status as Status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type * as wire from '@wheelhouse/etcd';
import type { MessageInit } from '@wheelhouse/etcd';
import { StoreError } from '../errors.js';
import type { ServerContext } from './context.js';
import { GrpcStatusError, unary } from './handler.js';
import { big } from './wire.js';

/** Why membership changes are refused. */
export const MEMBERSHIP_UNSUPPORTED =
  'wheelhouse store: cluster membership changes are not supported (the store is a single-member cluster)';
/** etcd's answers the Cluster service reuses. */
const INVALID_PEER_URLS = 'etcdserver: given member URLs are invalid';
const NOT_LEARNER = 'etcdserver: can only promote a learner member';

/** Implements etcdserverpb.Cluster for this one member. */
export function clusterService(ctx: ServerContext): UntypedServiceImplementation {
  const { identity, log } = ctx;
  const self = (): MessageInit<wire.Member> => ({
    ID: identity.memberId,
    name: identity.name,
    peerURLs: identity.peerUrls,
    clientURLs: identity.clientUrls,
    isLearner: false,
  });
  /** Refuses a change to member `id`: etcd's not-found for other IDs, `selfError` for this member. */
  const refuse = (id: unknown, selfError: Error): never => {
    if (!isMember(id, identity.memberId)) throw new StoreError('MemberNotFound');
    throw selfError;
  };
  const unsupported = (): Error => new GrpcStatusError(Status.UNIMPLEMENTED, MEMBERSHIP_UNSUPPORTED);
  return {
    // etcd 3.4 reports revision 0 in MemberList's header.
    MemberList: unary(log, 'MemberList', () => ({ header: identity.header(0), members: [self()] })),
    MemberAdd: unary(log, 'MemberAdd', (req: wire.MemberAddRequest) => {
      const urls = Array.isArray(req.peerURLs) ? req.peerURLs : [];
      if (urls.length === 0 || !urls.every(isHttpUrl))
        throw new GrpcStatusError(Status.INVALID_ARGUMENT, INVALID_PEER_URLS);
      throw unsupported();
    }),
    MemberRemove: unary(log, 'MemberRemove', (req: wire.MemberRemoveRequest) => refuse(req.ID, unsupported())),
    MemberUpdate: unary(log, 'MemberUpdate', (req: wire.MemberUpdateRequest) => refuse(req.ID, unsupported())),
    MemberPromote: unary(log, 'MemberPromote', (req: wire.MemberPromoteRequest) =>
      refuse(req.ID, new GrpcStatusError(Status.FAILED_PRECONDITION, NOT_LEARNER)),
    ),
  };
}

/** True when a uint64 ID from the wire names `memberId`. */
export function isMember(id: unknown, memberId: string): boolean {
  return BigInt.asUintN(64, big(id)).toString() === memberId;
}

function isHttpUrl(u: unknown): boolean {
  if (typeof u !== 'string') return false;
  try {
    const url = new URL(u);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.port !== '';
  } catch {
    return false;
  }
}
