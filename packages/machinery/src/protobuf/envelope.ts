/**
 * The Kubernetes protobuf wire format (k8s.io/apimachinery/pkg/runtime/serializer/protobuf):
 * the 4-byte magic `k8s\x00`, then a runtime.Unknown message whose typeMeta names the
 * object's apiVersion and kind and whose raw bytes hold the object's own message.
 */
import type protobuf from 'protobufjs';
import { machineryError } from '../errors.js';
import { compileSchema, type ProtoSchema } from './descriptor.js';
import { APIMACHINERY_DESCRIPTORS } from './apimachinery.js';

/** The magic that starts every Kubernetes protobuf body. */
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** The media type of Kubernetes protobuf bodies. */
export const PROTOBUF_MEDIA_TYPE = 'application/vnd.kubernetes.protobuf';

/** What the envelope says about the object it carries. */
export interface ProtobufEnvelope {
  apiVersion: string;
  kind: string;
  /** The object's message, undecoded. */
  raw: Uint8Array;
}

let envelopeSchema: ProtoSchema | undefined;

function unknownType(): protobuf.Type {
  envelopeSchema ??= compileSchema(APIMACHINERY_DESCRIPTORS);
  return envelopeSchema.type('Unknown');
}

/**
 * Decodes `buf` with the protobufjs `type`, turning the reader's complaints into a
 * ProtobufMalformed MachineryError worded like Go's gogo-protobuf errors.
 */
export function decodeMessage(type: protobuf.Type, buf: Uint8Array): Record<string, unknown> {
  try {
    return type.decode(buf) as unknown as Record<string, unknown>;
  } catch (err) {
    const msg = (err as Error).message;
    const wire = /invalid wire type (\d+)/.exec(msg);
    const detail = err instanceof RangeError ? 'unexpected EOF' : wire ? `proto: illegal wireType ${wire[1]}` : msg;
    throw machineryError('ProtobufMalformed', detail);
  }
}

/**
 * Splits a protobuf body into its type and raw message. Throws MachineryError
 * ProtobufPrefix (no magic), ProtobufMalformed, or ProtobufMissingKind.
 */
export function decodeEnvelope(body: Uint8Array): ProtobufEnvelope {
  if (body.length < PROTOBUF_MAGIC.length || !PROTOBUF_MAGIC.equals(body.subarray(0, PROTOBUF_MAGIC.length))) {
    throw machineryError('ProtobufPrefix');
  }
  const unk = decodeMessage(unknownType(), body.subarray(PROTOBUF_MAGIC.length));
  const tm = (unk.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const apiVersion = tm.apiVersion ?? '';
  const kind = tm.kind ?? '';
  if (kind === '') throw machineryError('ProtobufMissingKind', apiVersion, kind);
  if (apiVersion === '') throw machineryError('ProtobufMissingVersion', apiVersion, kind);
  return { apiVersion, kind, raw: (unk.raw as Uint8Array | undefined) ?? new Uint8Array() };
}
