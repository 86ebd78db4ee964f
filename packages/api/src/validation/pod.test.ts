import { describe, expect, it } from 'vitest';
import { defaultPod } from '../defaults/kinds.js';
import type { Pod } from '../schema/core-v1-pod.js';
import { formatFieldError, invalidStatusMessage } from './field-errors.js';
import { validatePod } from './pod.js';
import { validatePodUpdate } from './pod-update.js';

const base = (spec: Pod['spec']): Pod => defaultPod({ metadata: { name: 'web', namespace: 'default' }, spec });
const messages = (pod: Pod) => validatePod(pod).map(formatFieldError);

describe('validatePod', () => {
  it('accepts a defaulted minimal pod', () => {
    expect(validatePod(base({ containers: [{ name: 'app', image: 'nginx' }] }))).toEqual([]);
  });

  it('requires containers', () => {
    expect(messages(base({}))).toEqual(['spec.containers: Required value']);
  });

  it('requires container name and image', () => {
    const errs = validatePod(base({ containers: [{}] }));
    expect(errs).toContainEqual({
      type: 'FieldValueRequired',
      field: 'spec.containers[0].name',
      message: 'Required value',
    });
    expect(errs).toContainEqual({
      type: 'FieldValueRequired',
      field: 'spec.containers[0].image',
      message: 'Required value',
    });
  });

  it('rejects duplicate container names', () => {
    const errs = messages(
      base({
        containers: [
          { name: 'a', image: 'x' },
          { name: 'a', image: 'y' },
        ],
      }),
    );
    expect(errs).toEqual(['spec.containers[1].name: Duplicate value: "a"']);
  });

  it('rejects init containers that reuse a container name', () => {
    const errs = messages(
      base({ containers: [{ name: 'a', image: 'x' }], initContainers: [{ name: 'a', image: 'y' }] }),
    );
    expect(errs).toEqual(['spec.initContainers[0].name: Duplicate value: "a"']);
  });

  it('explains invalid names with the RFC 1123 message', () => {
    const errs = messages(base({ containers: [{ name: 'Web_1', image: 'x' }] }));
    expect(errs[0]).toBe(
      "spec.containers[0].name: Invalid value: \"Web_1\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    );
  });

  it('requires runtimeClassName to be a DNS-1123 subdomain', () => {
    const errs = messages(base({ containers: [{ name: 'app', image: 'x' }], runtimeClassName: 'Kata_QEMU' }));
    expect(errs).toEqual([
      expect.stringMatching(/^spec\.runtimeClassName: Invalid value: "Kata_QEMU": a lowercase RFC 1123 subdomain/),
    ]);
  });

  it('lists supported values for enums', () => {
    const pod = base({
      containers: [{ name: 'a', image: 'x', imagePullPolicy: 'Foo' }],
      restartPolicy: 'Sometimes',
      dnsPolicy: 'Bad',
    });
    expect(messages(pod)).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "Foo": supported values: "Always", "IfNotPresent", "Never"',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Bad": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it('validates ports and protocols', () => {
    const pod = base({
      containers: [
        { name: 'a', image: 'x', ports: [{ containerPort: 70000, protocol: 'HTTP' }, { containerPort: 0 }] },
      ],
    });
    expect(messages(pod)).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      'spec.containers[0].ports[1].containerPort: Required value',
    ]);
  });

  it('requires mounts to reference volumes', () => {
    const pod = base({ containers: [{ name: 'a', image: 'x', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] });
    expect(messages(pod)).toEqual(['spec.containers[0].volumeMounts[0].name: Not found: "data"']);
  });

  it('rejects volumes with two sources', () => {
    const pod = base({
      containers: [{ name: 'a', image: 'x' }],
      volumes: [{ name: 'v', emptyDir: {}, configMap: { name: 'c' } }],
    });
    expect(messages(pod)).toContain('spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type');
  });

  it('requires a name or generateName', () => {
    const pod = defaultPod({ metadata: { namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'x' }] } });
    expect(messages(pod)).toEqual(['metadata.name: Required value: name or generateName is required']);
  });

  it('validates tolerations', () => {
    const pod = base({
      containers: [{ name: 'a', image: 'x' }],
      tolerations: [
        { operator: 'Equal', value: 'x' },
        { key: 'k', tolerationSeconds: 5, effect: 'NoSchedule' },
      ],
    });
    expect(messages(pod)).toEqual([
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[1].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
    ]);
  });

  it('builds the 422 message', () => {
    const errs = validatePod(base({ containers: [{}] }));
    expect(invalidStatusMessage('Pod', 'web', errs)).toBe(
      'Pod "web" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]',
    );
    expect(invalidStatusMessage('Pod', 'web', errs.slice(0, 1))).toBe(
      'Pod "web" is invalid: spec.containers[0].name: Required value',
    );
  });
});

describe('validatePodUpdate', () => {
  const old = {
    ...base({ containers: [{ name: 'a', image: 'nginx:1' }], tolerations: [{ key: 'k', operator: 'Exists' }] }),
    metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '5' },
  };

  it('allows image changes and added tolerations', () => {
    const next = structuredClone(old);
    next.spec!.containers![0]!.image = 'nginx:2';
    next.spec!.tolerations!.push({ key: 'other', operator: 'Exists' });
    expect(validatePodUpdate(next, old)).toEqual([]);
  });

  it("forbids other spec changes with Kubernetes' message", () => {
    const next = structuredClone(old);
    next.spec!.nodeName = 'node-1';
    const errs = validatePodUpdate(next, old);
    expect(errs).toHaveLength(1);
    expect(errs[0]?.field).toBe('spec');
    expect(errs[0]?.type).toBe('FieldValueForbidden');
    expect(errs[0]?.message).toMatch(
      /^Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,`spec.initContainers\[\*\].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` \(only additions to existing tolerations\),`spec.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n/,
    );
  });

  it('forbids adding containers and removing tolerations', () => {
    const more = structuredClone(old);
    more.spec!.containers!.push({ name: 'b', image: 'x', terminationMessagePolicy: 'File', imagePullPolicy: 'Always' });
    expect(validatePodUpdate(more, old).map(formatFieldError)).toEqual([
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
    const fewer = structuredClone(old);
    fewer.spec!.tolerations = [];
    expect(validatePodUpdate(fewer, old).map(formatFieldError)).toEqual([
      'spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds',
    ]);
  });

  it('lets activeDeadlineSeconds only decrease', () => {
    const a = structuredClone(old);
    a.spec!.activeDeadlineSeconds = 30;
    expect(validatePodUpdate(a, old)).toEqual([]);
    const b = structuredClone(a);
    b.spec!.activeDeadlineSeconds = 60;
    expect(validatePodUpdate(b, a).map(formatFieldError)).toEqual([
      'spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value',
    ]);
  });

  it('keeps the name immutable', () => {
    const next = structuredClone(old);
    next.metadata.name = 'other';
    expect(validatePodUpdate(next, old).map(formatFieldError)).toContain(
      'metadata.name: Invalid value: "other": field is immutable',
    );
  });
});
