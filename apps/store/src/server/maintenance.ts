/** The Maintenance service: Status, Defragment, Alarm, Hash, HashKV, Snapshot, MoveLeader. */
import { createReadStream } from 'node:fs';
import { status as Status, type ServerWritableStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type * as wire from '@wheelhouse/etcd';
import type { MessageInit } from '@wheelhouse/etcd';
import type { AlarmType } from '../engine/index.js';
import { spoolSnapshot } from '../snapshot-file.js';
import { isMember } from './cluster.js';
import type { ServerContext } from './context.js';
import { GrpcStatusError, toStatus, unary } from './handler.js';
import { RAFT_TERM } from './identity.js';
import { num } from './wire.js';

/**
 * The version the store reports (Status, /version). It speaks etcd 3.4.23's wire and
 * semantics, and clients such as etcdctl and client-go decide features by this number.
 */
export const ETCD_VERSION = '3.4.23';
/** The cluster version etcd 3.4 reports on /version. */
export const ETCD_CLUSTER_VERSION = '3.4.0';

const BAD_LEADER_TRANSFEREE = 'etcdserver: bad leader transferee';
const ALARM_TYPES: readonly AlarmType[] = ['NONE', 'NOSPACE', 'CORRUPT'];

type SnapshotCall = ServerWritableStream<wire.SnapshotRequest, MessageInit<wire.SnapshotResponse>>;

/** Implements etcdserverpb.Maintenance over the engine. */
export function maintenanceService(ctx: ServerContext): UntypedServiceImplementation {
  const { engine, identity, log } = ctx;
  const header = () => identity.header(engine.revision);
  return {
    Status: unary(log, 'Status', () => status(ctx)),
    Defragment: unary(log, 'Defragment', async () => {
      await engine.defragment();
      // etcd 3.4 answers Defragment without a header.
      return {};
    }),
    Alarm: unary(log, 'Alarm', (req: wire.AlarmRequest) => alarm(ctx, req)),
    Hash: unary(log, 'Hash', () => {
      // The store has no single backend file hash as bolt does; the hash of all key revisions stands in.
      const r = engine.hashKv(0);
      return { header: identity.header(r.revision), hash: r.hash };
    }),
    HashKV: unary(log, 'HashKV', (req: wire.HashKVRequest) => {
      const r = engine.hashKv(num(req.revision));
      return { header: identity.header(r.revision), hash: r.hash, compact_revision: String(r.compactRevision) };
    }),
    MoveLeader: unary(log, 'MoveLeader', (req: wire.MoveLeaderRequest) => {
      // The only member already leads: moving to itself succeeds at once, as in etcd.
      if (!isMember(req.targetID, identity.memberId))
        throw new GrpcStatusError(Status.FAILED_PRECONDITION, BAD_LEADER_TRANSFEREE);
      return { header: header() };
    }),
    Snapshot: (call: SnapshotCall) => {
      void sendSnapshot(ctx, call);
    },
  };
}

function status(ctx: ServerContext): MessageInit<wire.StatusResponse> {
  const { engine, identity } = ctx;
  const s = engine.status();
  return {
    header: identity.header(s.revision),
    version: ETCD_VERSION,
    dbSize: String(s.dbSize),
    leader: identity.memberId,
    raftIndex: String(s.appliedIndex),
    raftTerm: String(RAFT_TERM),
    raftAppliedIndex: String(s.appliedIndex),
    // etcd lists active alarms here, in protobuf's text form.
    errors: engine.alarms().map((a) => `memberID:${identity.memberId} alarm:${a} `),
    dbSizeInUse: String(s.dbSizeInUse),
    isLearner: false,
  };
}

/**
 * etcd's Alarm: GET lists active alarms (all, or of one type); ACTIVATE and DEACTIVATE
 * answer with the alarm they changed. Alarms belong to this member; requests naming
 * another member change nothing.
 */
async function alarm(ctx: ServerContext, req: wire.AlarmRequest): Promise<MessageInit<wire.AlarmResponse>> {
  const { engine, identity } = ctx;
  const type = ALARM_TYPES.find((t) => t === req.alarm);
  if (type === undefined)
    throw new GrpcStatusError(Status.INVALID_ARGUMENT, `wheelhouse store: unknown alarm type ${String(req.alarm)}`);
  const member = (a: AlarmType) => ({ memberID: identity.memberId, alarm: a });
  // etcd 3.4 answers Alarm without a header (`alarm list -w json` prints `{}` when there is none).
  const done = (alarms: AlarmType[]) => ({ alarms: alarms.map(member) });
  const mine = isMember(req.memberID, identity.memberId);
  switch (req.action) {
    case 'GET':
      return done(engine.alarms().filter((a) => type === 'NONE' || a === type));
    case 'ACTIVATE':
      if (!mine || type === 'NONE') return done([]);
      await engine.alarmActivate(type);
      return done([type]);
    case 'DEACTIVATE': {
      if (!mine || !engine.alarms().includes(type)) return done([]);
      await engine.alarmDeactivate(type);
      return done([type]);
    }
    default:
      throw new GrpcStatusError(
        Status.INVALID_ARGUMENT,
        `wheelhouse store: unknown alarm action ${String(req.action)}`,
      );
  }
}

/**
 * Streams a snapshot as etcd does: chunks of the database with the bytes still to come,
 * then the sha256 of everything sent (remaining_bytes 0). The engine's snapshot is first
 * spooled to a temporary file so its size is known up front.
 */
async function sendSnapshot(ctx: ServerContext, call: SnapshotCall): Promise<void> {
  const { engine, identity, log } = ctx;
  let gone = false;
  const markGone = () => {
    gone = true;
  };
  call.on('cancelled', markGone);
  call.on('close', markGone);
  call.on('error', markGone);
  let spool: Awaited<ReturnType<typeof spoolSnapshot>> | undefined;
  try {
    spool = await spoolSnapshot(engine.snapshot());
    const header = identity.header(engine.revision);
    let remaining = spool.engineBytes + spool.footer.length;
    const send = async (blob: Buffer): Promise<void> => {
      remaining -= blob.length;
      if (!call.write({ header, remaining_bytes: String(remaining), blob })) await drained(call);
    };
    for await (const chunk of createReadStream(spool.file, { highWaterMark: 64 * 1024 })) {
      if (gone) return;
      await send(chunk as Buffer);
    }
    await send(spool.footer);
    if (gone) return;
    call.write({ header, remaining_bytes: '0', blob: spool.hash });
    call.end();
    log.info({ bytes: spool.engineBytes }, 'sent snapshot');
  } catch (err) {
    if (gone) return;
    const s = toStatus(err, log, 'Snapshot');
    call.emit('error', { code: s.code, details: s.details });
  } finally {
    await spool?.cleanup();
  }
}

/** Resolves once the call can take more, or is gone. */
function drained(call: SnapshotCall): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('close', done);
      call.off('cancelled', done);
      resolve();
    };
    call.on('drain', done);
    call.on('close', done);
    call.on('cancelled', done);
  });
}
