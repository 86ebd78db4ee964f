import { describe, expect, it } from 'vitest';
import { defaultDaemonSet, defaultDeployment, defaultStatefulSet } from '../defaults/kinds.js';
import type { Deployment } from '../schema/apps-v1.js';
import {
  validateDaemonSet,
  validateDeployment,
  validateDeploymentUpdate,
  validateReplicaSet,
  validateStatefulSet,
  validateStatefulSetUpdate,
} from './apps.js';
import { formatFieldError, type FieldError } from './field-errors.js';

const template = (labels: Record<string, string>) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'web', image: 'nginx' }] },
});
const deployment = (spec: Deployment['spec']): Deployment =>
  defaultDeployment({ metadata: { name: 'web', namespace: 'default' }, spec });
const messages = (errs: FieldError[]) => errs.map(formatFieldError);

describe('validateDeployment', () => {
  it('accepts a defaulted deployment', () => {
    expect(
      validateDeployment(deployment({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) })),
    ).toEqual([]);
  });

  it('rejects negative replicas', () => {
    const d = deployment({
      replicas: -1,
      selector: { matchLabels: { app: 'web' } },
      template: template({ app: 'web' }),
    });
    expect(messages(validateDeployment(d))).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('requires a selector', () => {
    expect(messages(validateDeployment(deployment({ template: template({ app: 'web' }) })))).toEqual([
      'spec.selector: Required value',
    ]);
  });

  it('rejects a selector that does not match the template labels', () => {
    const d = deployment({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'api', tier: 'x' }) });
    expect(messages(validateDeployment(d))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"api", "tier":"x"}: `selector` does not match template `labels`',
    ]);
  });

  it('rejects an empty selector', () => {
    const d = deployment({ selector: {}, template: template({ app: 'web' }) });
    expect(messages(validateDeployment(d))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('requires restartPolicy Always in the template', () => {
    const d = deployment({
      selector: { matchLabels: { app: 'web' } },
      template: {
        ...template({ app: 'web' }),
        spec: { containers: [{ name: 'a', image: 'x' }], restartPolicy: 'Never' },
      },
    });
    expect(messages(validateDeployment(d))).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('validates rolling update parameters', () => {
    const d = deployment({
      selector: { matchLabels: { app: 'web' } },
      template: template({ app: 'web' }),
      strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
    });
    expect(messages(validateDeployment(d))).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0',
    ]);
  });

  it('keeps the selector immutable on update', () => {
    const old = {
      ...deployment({ selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web', v: '2' }) }),
      metadata: { name: 'web', namespace: 'default', uid: 'u' },
    };
    const next = structuredClone(old);
    next.spec!.selector = { matchLabels: { app: 'web', v: '2' } };
    expect(messages(validateDeploymentUpdate(next, old))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "v":"2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('matches expressions in selectors', () => {
    const d = deployment({
      selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['web', 'api'] }] },
      template: template({ app: 'api' }),
    });
    expect(validateDeployment(d)).toEqual([]);
  });
});

describe('other workloads', () => {
  it('validates replicasets like deployments', () => {
    const errs = validateReplicaSet({
      metadata: { name: 'rs', namespace: 'd' },
      spec: {
        replicas: -2,
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: {
            containers: [{ name: 'x', image: 'y', imagePullPolicy: 'Always', terminationMessagePolicy: 'File' }],
            restartPolicy: 'Always',
            dnsPolicy: 'ClusterFirst',
            terminationGracePeriodSeconds: 30,
          },
        },
      },
    });
    expect(messages(errs)).toEqual(['spec.replicas: Invalid value: -2: must be greater than or equal to 0']);
  });

  it('requires statefulset names to be DNS labels and forbids most spec changes', () => {
    const sts = defaultStatefulSet({
      metadata: { name: 'db.v1', namespace: 'd' },
      spec: { serviceName: 'db', selector: { matchLabels: { a: 'b' } }, template: template({ a: 'b' }) },
    });
    expect(validateStatefulSet(sts).map((e) => e.field)).toEqual(['metadata.name']);
    const ok = { ...sts, metadata: { name: 'db', namespace: 'd' } };
    const changed = structuredClone(ok);
    changed.spec!.serviceName = 'other';
    expect(messages(validateStatefulSetUpdate(changed, ok))).toEqual([
      "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ]);
    const scaled = structuredClone(ok);
    scaled.spec!.replicas = 5;
    expect(validateStatefulSetUpdate(scaled, ok)).toEqual([]);
  });

  it('validates daemonset selectors', () => {
    const ds = defaultDaemonSet({
      metadata: { name: 'agent', namespace: 'd' },
      spec: { selector: { matchLabels: { a: 'b' } }, template: template({ a: 'c' }) },
    });
    expect(messages(validateDaemonSet(ds))).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"a":"c"}: `selector` does not match template `labels`',
    ]);
  });
});
