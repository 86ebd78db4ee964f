import { describe, expect, it } from 'vitest';
import { defaultJob, defaultService } from '../defaults/kinds.js';
import { validateJob } from './batch.js';
import {
  validatePodDisruptionBudget,
  validatePodDisruptionBudgetUpdate,
  validatePriorityClass,
  validatePriorityClassUpdate,
  validateLease,
  validateScale,
} from './cluster.js';
import {
  validateBinding,
  validateConfigMap,
  validateNamespace,
  validateSecret,
  validateSecretUpdate,
} from './core-other.js';
import { formatFieldError, type FieldError } from './field-errors.js';
import { validateService, validateServiceUpdate } from './service.js';

const messages = (errs: FieldError[]) => errs.map(formatFieldError);
const svc = (spec: object) => defaultService({ metadata: { name: 'web', namespace: 'default' }, spec });

describe('services', () => {
  it('accepts a defaulted service', () => {
    expect(validateService(svc({ selector: { app: 'web' }, ports: [{ port: 80 }] }))).toEqual([]);
  });

  it('requires ports unless headless or ExternalName', () => {
    expect(messages(validateService(svc({})))).toEqual(['spec.ports: Required value']);
    expect(validateService(svc({ clusterIP: 'None' }))).toEqual([]);
  });

  it('requires port names when there are several, and valid port numbers', () => {
    const errs = messages(validateService(svc({ ports: [{ port: 80 }, { name: 'https', port: 0 }] })));
    expect(errs).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[1].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[1].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
  });

  it('rejects unknown types and nodePorts on ClusterIP services', () => {
    expect(messages(validateService(svc({ type: 'Magic', ports: [{ port: 80 }] })))).toContain(
      'spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
    expect(messages(validateService(svc({ ports: [{ port: 80, nodePort: 30000 }] })))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
  });

  it('uses RFC 1035 names', () => {
    const bad = { ...svc({ ports: [{ port: 80 }] }), metadata: { name: '1web', namespace: 'default' } };
    expect(validateService(bad)[0]?.message).toMatch(/^Invalid value: "1web": a DNS-1035 label must consist of/);
  });

  it('keeps cluster IPs once set', () => {
    const old = svc({ ports: [{ port: 80 }], clusterIP: '10.0.0.5', clusterIPs: ['10.0.0.5'] });
    const next = structuredClone(old);
    next.spec!.clusterIPs = ['10.0.0.6'];
    next.spec!.clusterIP = '10.0.0.6';
    expect(messages(validateServiceUpdate(next, old))).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.0.0.6"}: may not change once set',
    ]);
  });
});

describe('jobs', () => {
  const job = (spec: object) => defaultJob({ metadata: { name: 'pi', namespace: 'd' }, spec });
  const template = {
    metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'u' } },
    spec: {
      restartPolicy: 'Never',
      containers: [{ name: 'pi', image: 'perl', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' }],
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
    },
  };
  const selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u' } };

  it('accepts a job with a generated selector', () => {
    expect(validateJob(job({ selector, template }))).toEqual([]);
  });

  it('requires OnFailure or Never', () => {
    const t = structuredClone(template);
    t.spec.restartPolicy = 'Always';
    expect(messages(validateJob(job({ selector, template: t })))).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
    ]);
  });

  it('rejects negative backoffLimit', () => {
    expect(messages(validateJob(job({ selector, template, backoffLimit: -1 })))).toEqual([
      'spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });
});

describe('cluster-scoped and small kinds', () => {
  it('limits user priority classes and reserves system- names', () => {
    expect(messages(validatePriorityClass({ metadata: { name: 'huge' }, value: 2_000_000_000 }))).toEqual([
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
    expect(messages(validatePriorityClass({ metadata: { name: 'system-x' }, value: 1 }))).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-x is not a known system priority class",
    ]);
    expect(validatePriorityClass({ metadata: { name: 'system-node-critical' }, value: 2_000_001_000 })).toEqual([]);
    expect(
      messages(
        validatePriorityClassUpdate({ metadata: { name: 'p' }, value: 2 }, { metadata: { name: 'p' }, value: 1 }),
      ),
    ).toEqual(['value: Forbidden: may not be changed in an update.']);
  });

  it('forbids namespaces on cluster-scoped kinds and requires DNS labels for namespaces', () => {
    expect(messages(validateNamespace({ metadata: { name: 'dev', namespace: 'x' } }))).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
    expect(validateNamespace({ metadata: { name: 'my.ns' } })[0]?.field).toBe('metadata.name');
  });

  it('validates PDBs, leases, scale and bindings', () => {
    const pdb = { metadata: { name: 'p', namespace: 'd' }, spec: { minAvailable: 1, maxUnavailable: '150%' } };
    expect(messages(validatePodDisruptionBudget(pdb))).toEqual([
      'spec: Invalid value: policy.PodDisruptionBudgetSpec{...}: minAvailable and maxUnavailable cannot be both set',
      'spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%',
    ]);
    const budget = { metadata: { name: 'p', namespace: 'd', resourceVersion: '5' }, spec: { minAvailable: 1 } };
    expect(
      messages(
        validatePodDisruptionBudgetUpdate(
          { ...budget, status: { disruptionsAllowed: -1, currentHealthy: 0, desiredHealthy: 1, expectedPods: -2 } },
          budget,
        ),
      ),
    ).toEqual([
      'status.disruptionsAllowed: Invalid value: -1: must be greater than or equal to 0',
      'status.expectedPods: Invalid value: -2: must be greater than or equal to 0',
    ]);
    expect(
      messages(validateLease({ metadata: { name: 'l', namespace: 'd' }, spec: { leaseDurationSeconds: 0 } })),
    ).toEqual(['spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0']);
    expect(messages(validateScale({ spec: { replicas: -1 } }))).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
    expect(messages(validateBinding({ target: { kind: 'Pod' } }))).toEqual([
      'target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>"',
      'target.name: Required value',
    ]);
  });

  it('validates config keys and secret types', () => {
    expect(messages(validateConfigMap({ metadata: { name: 'c', namespace: 'd' }, data: { 'a b': 'x' } }))[0]).toMatch(
      /^data\[a b\]: Invalid value: "a b": a valid config key must consist of alphanumeric characters/,
    );
    expect(
      messages(
        validateSecret({
          metadata: { name: 's', namespace: 'd' },
          type: 'kubernetes.io/tls',
          data: { 'tls.crt': 'eA==' },
        }),
      ),
    ).toEqual(['data[tls.key]: Required value']);
    const old = { metadata: { name: 's', namespace: 'd' }, type: 'Opaque' };
    expect(messages(validateSecretUpdate({ ...old, type: 'kubernetes.io/basic-auth' }, old))).toEqual([
      'type: Invalid value: "kubernetes.io/basic-auth": field is immutable',
    ]);
  });

  it('validates labels in metadata', () => {
    const errs = messages(validateConfigMap({ metadata: { name: 'c', namespace: 'd', labels: { 'bad key!': 'v' } } }));
    expect(errs[0]).toMatch(
      /^metadata\.labels: Invalid value: "bad key!": name part must consist of alphanumeric characters/,
    );
  });
});
