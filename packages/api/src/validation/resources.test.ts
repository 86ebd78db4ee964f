import { describe, expect, it } from 'vitest';
import { defaultDeployment, defaultNode, defaultPod } from '../defaults/kinds.js';
import type { Container } from '../schema/core-v1-container.js';
import type { Pod } from '../schema/core-v1-pod.js';
import { validateDeployment } from './apps.js';
import { validateNode, validateNodeUpdate } from './core-other.js';
import { formatFieldError, invalidStatusMessage, type FieldError } from './field-errors.js';
import { validatePod } from './pod.js';

const messages = (errs: FieldError[]) => errs.map(formatFieldError);
const podWith = (container: Container, spec: Pod['spec'] = {}): Pod =>
  defaultPod({
    metadata: { name: 'web', namespace: 'default' },
    spec: { ...spec, containers: [{ name: 'app', image: 'nginx', ...container }] },
  });
const resources = (requests?: Record<string, string | number>, limits?: Record<string, string | number>) =>
  podWith({ resources: { requests, limits } });

const R = 'spec.containers[0].resources';
const GPU_HALF =
  'resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}';

/** [case, pod, Kubernetes' field errors]: each is refused (a 422). */
const refused: [string, Pod, string[]][] = [
  [
    'a negative cpu request',
    resources({ cpu: '-1' }),
    [`${R}.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0`],
  ],
  [
    'a negative memory limit (defaulting copies it to the request)',
    resources(undefined, { memory: '-1Gi' }),
    [
      `${R}.limits[memory]: Invalid value: "-1Gi": must be greater than or equal to 0`,
      `${R}.requests[memory]: Invalid value: "-1Gi": must be greater than or equal to 0`,
    ],
  ],
  [
    'a request above its limit (the error names the requests map)',
    resources({ cpu: '2' }, { cpu: '1' }),
    [`${R}.requests: Invalid value: "2": must be less than or equal to cpu limit of 1`],
  ],
  [
    'a request above its limit, printed canonically',
    resources({ memory: '1.5Gi' }, { memory: '1Gi' }),
    [`${R}.requests: Invalid value: "1536Mi": must be less than or equal to memory limit of 1Gi`],
  ],
  [
    'a request finer than milli-units, rounded up as defaulting does',
    resources({ cpu: '1500u' }, { cpu: '1m' }),
    [`${R}.requests: Invalid value: "2m": must be less than or equal to cpu limit of 1m`],
  ],
  [
    'an unknown resource name',
    resources({ foo: '1' }),
    [
      `${R}.requests[foo]: Invalid value: "foo": must be a standard resource type or fully qualified`,
      `${R}.requests[foo]: Invalid value: "foo": must be a standard resource for containers`,
    ],
  ],
  [
    'a resource name that is not a qualified name',
    resources({ 'a b': '1' }),
    [
      `${R}.requests[a b]: Invalid value: "a b": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `${R}.requests[a b]: Invalid value: "a b": must be a standard resource for containers`,
    ],
  ],
  [
    'a fractional extended resource',
    resources(undefined, { 'example.com/gpu': '500m' }),
    [
      `${R}.limits[example.com/gpu]: Invalid value: ${GPU_HALF}: must be an integer`,
      `${R}.requests[example.com/gpu]: Invalid value: ${GPU_HALF}: must be an integer`,
    ],
  ],
  [
    'an extended resource requested without a limit',
    resources({ 'example.com/gpu': '1' }),
    [`${R}.limits: Required value: Limit must be set for non overcommitable resources`],
  ],
  [
    'an extended resource requested below its limit',
    resources({ 'example.com/gpu': '1' }, { 'example.com/gpu': '2' }),
    [`${R}.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2`],
  ],
  [
    'hugepages without cpu or memory',
    resources(undefined, { 'hugepages-2Mi': '2Mi' }),
    [`${R}: Forbidden: HugePages require cpu or memory`],
  ],
  [
    'a negative request in an init container',
    defaultPod({
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        containers: [{ name: 'app', image: 'nginx' }],
        initContainers: [{ name: 'init', image: 'busybox', resources: { requests: { cpu: -1 } } }],
      },
    }),
    ['spec.initContainers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0'],
  ],
  [
    'a negative overhead',
    podWith({}, { overhead: { cpu: '-1' } }),
    ['spec.overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0'],
  ],
  [
    'a negative emptyDir size limit',
    podWith({}, { volumes: [{ name: 'v', emptyDir: { sizeLimit: '-1Gi' } }] }),
    ['spec.volumes[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity'],
  ],
];

/** The same pods made valid: each must be accepted. */
const accepted: [string, Pod][] = [
  ['cpu and memory requests within limits', resources({ cpu: '100m', memory: '64Mi' }, { cpu: '1', memory: '64Mi' })],
  ['a zero request', resources({ cpu: '0' })],
  ['quantities given as numbers', resources({ cpu: 0.5 }, { cpu: 1 })],
  ['a whole extended resource with equal request and limit', resources(undefined, { 'example.com/gpu': '2' })],
  ['a kubernetes.io-prefixed resource', resources({ 'kubernetes.io/foo': '1' })],
  ['hugepages with memory', resources(undefined, { 'hugepages-2Mi': '2Mi', memory: '1Gi' })],
  [
    'an emptyDir size limit',
    podWith(
      { volumeMounts: [{ name: 'v', mountPath: '/v' }] },
      { volumes: [{ name: 'v', emptyDir: { sizeLimit: '1Gi' } }] },
    ),
  ],
  ['an overhead', podWith({}, { overhead: { cpu: '250m' } })],
];

describe('container resources (validateResourceRequirements)', () => {
  it.each(refused)('refuses %s', (_name, pod, expected) => {
    expect(messages(validatePod(pod))).toEqual(expected);
  });

  it.each(accepted)('accepts %s', (_name, pod) => {
    expect(validatePod(pod)).toEqual([]);
  });

  it('renders the 422 Status message kube-apiserver sends for a negative request', () => {
    expect(invalidStatusMessage('Pod', 'web', validatePod(resources({ cpu: '-1' })))).toBe(
      'Pod "web" is invalid: spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    );
  });

  it('checks the pod template of a workload', () => {
    const d = defaultDeployment({
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'app', image: 'nginx', resources: { requests: { cpu: '-1' } } }] },
        },
      },
    });
    expect(messages(validateDeployment(d))).toEqual([
      'spec.template.spec.containers[0].resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
    ]);
  });
});

describe('node capacity and allocatable (ValidateNodeResources)', () => {
  const node = (capacity: Record<string, string>) => defaultNode({ metadata: { name: 'n1' }, status: { capacity } });

  it('refuses negative and, for integer resources, fractional quantities, on create and update', () => {
    // Defaulting copies capacity to allocatable, so both are reported, as in Kubernetes.
    const bad = node({ cpu: '-1', pods: '1.5' });
    const pods15 =
      'resource.Quantity{i:resource.int64Amount{value:15, scale:-1}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"", Format:"DecimalSI"}';
    const expected = ['capacity', 'allocatable'].flatMap((list) => [
      `status.${list}.cpu: Invalid value: "-1": must be greater than or equal to 0`,
      `status.${list}.pods: Invalid value: ${pods15}: must be an integer`,
    ]);
    expect(messages(validateNode(bad))).toEqual(expected);
    expect(messages(validateNodeUpdate(bad, node({})))).toEqual(expected);
  });

  it('accepts valid capacity', () => {
    expect(validateNode(node({ cpu: '4', memory: '8Gi', pods: '110' }))).toEqual([]);
  });
});
