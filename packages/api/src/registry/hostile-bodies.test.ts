/**
 * Bodies a hostile client sent that Kubernetes 1.32 refuses, run through what the API
 * server runs on create: decode (a failure is a 400 BadRequest), defaults, the create
 * strategy and validation (a failure is a 422 Invalid with this Status message).
 */
import { jsonNumberLiterals } from '@wheelhouse/machinery';
import { describe, expect, it } from 'vitest';
import { decodeObject } from '../decode.js';
import type { KubeObject } from '../strategy/strategy.js';
import { invalidStatusMessage } from '../validation/field-errors.js';
import { findByKind, qualifiedKind, RESOURCES } from './registry.js';
import type { AnyResourceDefinition } from './types.js';

type Outcome = { refusedBy: 'decode' | 'validation'; message: string } | { refusedBy: 'nothing' };

function validateCreate(r: AnyResourceDefinition, decoded: KubeObject): Outcome {
  const obj = { ...decoded, metadata: { ...decoded.metadata } };
  if (r.scope === 'Namespaced') obj.metadata.namespace = 'default';
  const out = r.strategy.prepareForCreate(r.defaults(obj)) as KubeObject;
  const errs = r.validate(out);
  if (errs.length === 0) return { refusedBy: 'nothing' };
  return { refusedBy: 'validation', message: invalidStatusMessage(qualifiedKind(r), out.metadata?.name ?? '', errs) };
}

function create(kind: string, body: unknown): Outcome {
  const r = findByKind(kind);
  if (r === undefined) throw new Error(`no kind ${kind}`);
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const res = decodeObject(r.schema, JSON.parse(text), 'Strict', { numberLiterals: jsonNumberLiterals(text) });
  return res.ok ? validateCreate(r, res.value) : { refusedBy: 'decode', message: res.message };
}

const podWithResources = (resources: object) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: [{ name: 'a', image: 'nginx', resources }] },
});

const deployment = (replicas: string) =>
  `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":${replicas},"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"a","image":"nginx"}]}}}}`;

const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** [case, kind, body, who refuses it, message]. */
const refused: [string, string, unknown, 'decode' | 'validation', string][] = [
  ['cpu request "abc"', 'Pod', podWithResources({ requests: { cpu: 'abc' } }), 'decode', QUANTITY_FORMAT],
  [
    'cpu request "-1"',
    'Pod',
    podWithResources({ requests: { cpu: '-1' } }),
    'validation',
    'Pod "p" is invalid: spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
  ],
  [
    'cpu request above its limit',
    'Pod',
    podWithResources({ requests: { cpu: '2' }, limits: { cpu: '1' } }),
    'validation',
    'Pod "p" is invalid: spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
  ],
  [
    'replicas 1e-400',
    'Deployment',
    deployment('1e-400'),
    'decode',
    'json: cannot unmarshal number 1e-400 into Go struct field DeploymentSpec.spec.replicas of type int32',
  ],
  [
    'replicas 1.5',
    'Deployment',
    deployment('1.5'),
    'decode',
    'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
  ],
  [
    'replicas 2^31',
    'Deployment',
    deployment('2147483648'),
    'decode',
    'json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32',
  ],
  [
    'replicas 1e400',
    'Deployment',
    deployment('1e400'),
    'decode',
    'json: cannot unmarshal number 1e400 into Go struct field DeploymentSpec.spec.replicas of type int32',
  ],
  [
    'ConfigMap binaryData that is not base64',
    'ConfigMap',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, binaryData: { k: 'abc' } },
    'decode',
    'illegal base64 data at input byte 0',
  ],
  [
    'Secret data that is not base64',
    'Secret',
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'not base64!' } },
    'decode',
    'illegal base64 data at input byte 3',
  ],
  [
    'metadata: null',
    'ConfigMap',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: null, data: { k: 'v' } },
    'validation',
    'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
  ],
];

/** Their valid twins. */
const accepted: [string, string, unknown][] = [
  [
    'cpu request "100m" within a limit of 1',
    'Pod',
    podWithResources({ requests: { cpu: '100m' }, limits: { cpu: 1 } }),
  ],
  ['replicas 3', 'Deployment', deployment('3')],
  ['replicas 2^31-1', 'Deployment', deployment('2147483647')],
  [
    'ConfigMap binaryData in base64',
    'ConfigMap',
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, binaryData: { k: 'YWJj' } },
  ],
  [
    'Secret data in base64',
    'Secret',
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { k: 'YQ==' } },
  ],
  ['metadata with a name', 'ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } }],
];

describe('create refuses what Kubernetes 1.32 refuses', () => {
  it.each(refused)('%s', (_name, kind, body, refusedBy, message) => {
    expect(create(kind, body)).toEqual({ refusedBy, message });
  });

  it.each(accepted)('accepts %s', (_name, kind, body) => {
    expect(create(kind, body)).toEqual({ refusedBy: 'nothing' });
  });
});

describe('null metadata and spec', () => {
  // Stored kinds only: Binding and the reviews are create-only, ComponentStatus read-only: never stored, no name needed.
  it.each(
    RESOURCES.filter((r) => r.verbs.includes('create') && r.verbs.includes('get')).map((r) => [r.kind, r] as const),
  )('%s decodes with empty metadata and then needs a name (no crash)', (_kind, r) => {
    const res = decodeObject(r.schema, { kind: r.kind, metadata: null, spec: null, status: null });
    expect(res.ok).toBe(true);
    const outcome = res.ok ? validateCreate(r, res.value) : undefined;
    expect(outcome).toMatchObject({ refusedBy: 'validation' });
    expect(outcome?.refusedBy === 'validation' && outcome.message).toContain(
      'metadata.name: Required value: name or generateName is required',
    );
  });
});
