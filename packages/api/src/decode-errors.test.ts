import { jsonNumberLiterals } from '@wheelhouse/machinery';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { decodeObject } from './decode.js';
import { DeploymentSchema } from './schema/apps-v1.js';
import { ConfigMapSchema, SecretSchema } from './schema/core-v1-config.js';
import { PodSchema } from './schema/core-v1-pod.js';

const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

/** Decodes JSON text as the API server does: parsed, with the literals JSON.parse may have altered. */
function decodeText(schema: z.ZodType, text: string) {
  return decodeObject(schema, JSON.parse(text), 'Strict', { numberLiterals: jsonNumberLiterals(text) });
}

function deployment(replicas: string): string {
  return `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":${replicas},"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"a","image":"nginx"}]}}}}`;
}

function pod(container: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'a', image: 'nginx', ...container }] },
    ...extra,
  });
}

function secret(data: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data });
}

function configMap(binaryData: Record<string, unknown>): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, binaryData });
}

const replicas = (literal: string) =>
  `json: cannot unmarshal number ${literal} into Go struct field DeploymentSpec.spec.replicas of type int32`;

/** [case, schema, body, Go's message]: each is refused with Kubernetes' decode error (a 400). */
const refused: [string, z.ZodType, string, string][] = [
  ['replicas 1e-400 (JSON.parse says 0)', DeploymentSchema, deployment('1e-400'), replicas('1e-400')],
  ['replicas 1.5', DeploymentSchema, deployment('1.5'), replicas('1.5')],
  ['replicas 1.0 (JSON.parse says 1)', DeploymentSchema, deployment('1.0'), replicas('1.0')],
  ['replicas 1e2 (JSON.parse says 100)', DeploymentSchema, deployment('1e2'), replicas('1e2')],
  ['replicas 2^31', DeploymentSchema, deployment('2147483648'), replicas('2147483648')],
  ['replicas 1e400 (JSON.parse says Infinity)', DeploymentSchema, deployment('1e400'), replicas('1e400')],
  [
    'replicas as a string',
    DeploymentSchema,
    deployment('"3"'),
    'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
  ],
  [
    'a container port as a string',
    PodSchema,
    pod({ ports: [{ containerPort: '80' }] }),
    'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
  ],
  [
    'a bool given a number',
    PodSchema,
    pod({ stdin: 1 }),
    'json: cannot unmarshal number into Go struct field Container.spec.containers.stdin of type bool',
  ],
  [
    'a struct given a string',
    PodSchema,
    pod({}, { spec: 'x' }),
    'json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec',
  ],
  [
    'a list given an object',
    PodSchema,
    pod({}, { spec: { containers: {} } }),
    'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
  ],
  [
    'a resource list given a string',
    PodSchema,
    pod({ resources: { limits: 'x' } }),
    'json: cannot unmarshal string into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList',
  ],
  [
    'an int-or-string port 1.5 (IntOrString.UnmarshalJSON)',
    PodSchema,
    pod({ livenessProbe: { httpGet: { port: 1.5 } } }),
    'json: cannot unmarshal number 1.5 into Go value of type int32',
  ],
  [
    'a timestamp given a number (Time.UnmarshalJSON)',
    PodSchema,
    pod({}, { metadata: { name: 'p', creationTimestamp: 5 } }),
    'json: cannot unmarshal number into Go value of type string',
  ],
  ['cpu request "abc"', PodSchema, pod({ resources: { requests: { cpu: 'abc' } } }), QUANTITY_FORMAT],
  ['memory limit "1x"', PodSchema, pod({ resources: { limits: { memory: '1x' } } }), QUANTITY_FORMAT],
  ['a quantity given a bool', PodSchema, pod({ resources: { limits: { cpu: true } } }), QUANTITY_FORMAT],
  [
    'a quantity with a bad suffix',
    PodSchema,
    pod({ resources: { limits: { cpu: 'e' } } }),
    "unable to parse quantity's suffix",
  ],
  [
    'an emptyDir sizeLimit "abc"',
    PodSchema,
    pod({}, { spec: { containers: [{ name: 'a' }], volumes: [{ name: 'v', emptyDir: { sizeLimit: 'abc' } }] } }),
    QUANTITY_FORMAT,
  ],
  ['Secret data that is not base64', SecretSchema, secret({ a: 'not base64!' }), 'illegal base64 data at input byte 3'],
  ['Secret data cut short', SecretSchema, secret({ a: 'YQ=' }), 'illegal base64 data at input byte 3'],
  [
    'Secret data given a number',
    SecretSchema,
    secret({ a: 5 }),
    'json: cannot unmarshal number into Go struct field Secret.data of type []uint8',
  ],
  [
    'ConfigMap binaryData that is not base64',
    ConfigMapSchema,
    configMap({ a: 'abc' }),
    'illegal base64 data at input byte 0',
  ],
];

/** The same bodies made valid: each must decode. */
const accepted: [string, z.ZodType, string][] = [
  ['replicas 3', DeploymentSchema, deployment('3')],
  ['replicas 0', DeploymentSchema, deployment('0')],
  ['replicas 2^31-1', DeploymentSchema, deployment('2147483647')],
  ['a container port as a number', PodSchema, pod({ ports: [{ containerPort: 80 }] })],
  ['an int-or-string port by name', PodSchema, pod({ livenessProbe: { httpGet: { port: 'http' } } })],
  ['cpu request "100m"', PodSchema, pod({ resources: { requests: { cpu: '100m' } } })],
  [
    'quantities as numbers, with a fraction or exponent',
    PodSchema,
    pod({ resources: { limits: { cpu: 0.5, memory: 1e9 } } }),
  ],
  ['a quantity with surrounding space', PodSchema, pod({ resources: { limits: { cpu: ' 1 ' } } })],
  ['a negative quantity (refused later, by validation)', PodSchema, pod({ resources: { requests: { cpu: '-1' } } })],
  ['Secret data in base64', SecretSchema, secret({ a: 'YQ==', b: 'aGVsbG8=\n', c: '' })],
  ['ConfigMap binaryData in base64', ConfigMapSchema, configMap({ a: 'YWJj' })],
];

describe("decodeObject refuses what Go's decoder refuses, with its message", () => {
  it.each(refused)('%s', (_name, schema, body, message) => {
    const res = decodeText(schema, body);
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.message).toBe(message);
  });

  it.each(accepted)('accepts %s', (_name, schema, body) => {
    const res = decodeText(schema, body);
    expect(res.ok ? [] : res.issues).toEqual([]);
  });
});

describe('which error decodeObject reports', () => {
  it('reports the first type error in document order', () => {
    const res = decodeText(PodSchema, pod({ stdin: 1, ports: [{ containerPort: '80' }] }));
    expect(!res.ok && res.message).toBe(
      'json: cannot unmarshal number into Go struct field Container.spec.containers.stdin of type bool',
    );
    expect(!res.ok && res.issues.map((i) => i.path)).toEqual([
      'spec.containers[0].stdin',
      'spec.containers[0].ports[0].containerPort',
    ]);
  });

  it('reports an error from a type of its own (Quantity, IntOrString) over earlier type errors, as Go stops there', () => {
    const res = decodeText(PodSchema, pod({ stdin: 1, resources: { limits: { cpu: 'abc' } } }));
    expect(!res.ok && res.message).toBe(QUANTITY_FORMAT);
  });

  it('reports type errors before unknown fields under Strict', () => {
    const res = decodeText(PodSchema, pod({ stdin: 1, bogus: true }));
    expect(!res.ok && res.message).toBe(
      'json: cannot unmarshal number into Go struct field Container.spec.containers.stdin of type bool',
    );
  });

  it('refuses bad values whatever the fieldValidation mode', () => {
    const body = secret({ a: '!!' });
    for (const mode of ['Strict', 'Warn', 'Ignore'] as const)
      expect(decodeObject(SecretSchema, JSON.parse(body), mode).ok).toBe(false);
  });

  it('ignores number literals inside fields the schema does not know', () => {
    const text = deployment('3').replace('"replicas":3', '"replicas":3,"extra":1.5');
    expect(
      decodeObject(DeploymentSchema, JSON.parse(text), 'Ignore', { numberLiterals: jsonNumberLiterals(text) }).ok,
    ).toBe(true);
  });
});
