import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { decodeBody } from './request.js';

const PB = 'application/vnd.kubernetes.protobuf';

function pb(...fields: Array<[number, string | Uint8Array]>): Buffer {
  const parts = fields.map(([id, v]) => {
    const bytes = typeof v === 'string' ? Buffer.from(v) : Buffer.from(v);
    return Buffer.concat([Buffer.from([(id << 3) | 2, bytes.length]), bytes]);
  });
  return Buffer.concat(parts);
}

function body(apiVersion: string, kind: string, raw: Buffer): Buffer {
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), pb([1, pb([1, apiVersion], [2, kind])], [2, raw])]);
}

function statusOf(fn: () => unknown): { code: number; reason: string; message: string } {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return { code: err.code, reason: err.reason, message: err.message };
    throw err;
  }
  throw new Error('no error');
}

describe('decodeBody with Kubernetes protobuf', () => {
  it('decodes to the JSON object the request would carry', () => {
    const ns = body('v1', 'Namespace', pb([1, pb([1, 'team-a'])]));
    expect(decodeBody(ns, `${PB}; charset=utf-8`)).toEqual({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name: 'team-a', creationTimestamp: null },
      spec: {},
      status: {},
    });
  });

  it('answers 400 BadRequest for kinds not served and bodies without the magic', () => {
    expect(statusOf(() => decodeBody(body('v1', 'Widget', pb()), PB))).toEqual({
      code: 400,
      reason: 'BadRequest',
      message: 'no kind "Widget" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    });
    expect(statusOf(() => decodeBody(Buffer.from('{}'), PB)).message).toBe(
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
    expect(statusOf(() => decodeBody(Buffer.alloc(0), PB)).code).toBe(400);
  });

  it('still answers 415 for other media types, naming protobuf among the accepted ones', () => {
    expect(statusOf(() => decodeBody(Buffer.from('x'), 'application/cbor'))).toEqual({
      code: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    });
  });
});
