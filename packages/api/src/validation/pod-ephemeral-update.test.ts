import { describe, expect, it } from 'vitest';
import { defaultPod } from '../defaults/kinds.js';
import type { EphemeralContainer } from '../schema/core-v1-container.js';
import type { Pod } from '../schema/core-v1-pod.js';
import { formatFieldError } from './field-errors.js';
import { validatePodEphemeralContainersUpdate } from './pod-ephemeral-update.js';

const pod = (ephemeral: EphemeralContainer[] = [], annotations?: Record<string, string>): Pod =>
  defaultPod({
    metadata: { name: 'web', namespace: 'default', resourceVersion: '5', ...(annotations ? { annotations } : {}) },
    spec: {
      volumes: [{ name: 'data', emptyDir: {} }],
      containers: [{ name: 'app', image: 'nginx' }],
      ephemeralContainers: ephemeral,
    },
  });
const messages = (next: Pod, old: Pod) => validatePodEphemeralContainersUpdate(next, old).map(formatFieldError);
const dbg = (extra: Partial<EphemeralContainer> = {}): EphemeralContainer => ({
  name: 'dbg',
  image: 'busybox',
  ...extra,
});

describe('validatePodEphemeralContainersUpdate', () => {
  it('accepts an added ephemeral container, empty resources included (Go zero value)', () => {
    expect(messages(pod([dbg({ resources: {}, volumeMounts: [{ name: 'data', mountPath: '/d' }] })]), pod())).toEqual(
      [],
    );
  });

  it('forbids subPath mounts, lifecycle and resizePolicy, and an image with spaces around it', () => {
    const next = pod([
      dbg({
        image: ' busybox',
        lifecycle: { preStop: { exec: { command: ['true'] } } },
        resizePolicy: [{ resourceName: 'cpu', restartPolicy: 'NotRequired' }],
        volumeMounts: [{ name: 'data', mountPath: '/d', subPath: 'x', subPathExpr: '$(X)' }],
      }),
    ]);
    expect(messages(next, pod())).toEqual([
      'spec.ephemeralContainers[0].image: Invalid value: " busybox": must not have leading or trailing whitespace',
      'spec.ephemeralContainers[0].resizePolicy: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].volumeMounts[0].subPathExpr: Forbidden: cannot be set for an Ephemeral Container',
    ]);
  });

  it('keeps existing ephemeral containers whatever their order', () => {
    const old = pod([dbg(), dbg({ name: 'two' })]);
    expect(messages(pod([dbg({ name: 'two' }), dbg()]), old)).toEqual([]);
    expect(messages(pod([dbg({ name: 'two', image: 'alpine' })]), old)).toEqual([
      'spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be removed\n',
      'spec.ephemeralContainers: Forbidden: existing ephemeral containers "two" may not be changed\n' +
        '  core.EphemeralContainer{\n-  image: "busybox"\n+  image: "alpine"\n  }\n',
    ]);
  });

  it('refuses ephemeral containers in a static pod', () => {
    const mirror = { 'kubernetes.io/config.mirror': 'abc' };
    expect(messages(pod([dbg()], mirror), pod([], mirror))).toEqual([
      ': Forbidden: static pods do not support ephemeral containers',
    ]);
  });
});
