import { describe, expect, it } from 'vitest';
import { defaultPod } from '../defaults/kinds.js';
import type { Deployment } from '../schema/apps-v1.js';
import {
  findByApiVersionKind,
  findByKind,
  findByName,
  findByShortName,
  findResource,
  groupVersions,
  qualifiedKind,
  qualifiedResource,
  RESOURCES,
  resourcesInCategory,
} from './registry.js';

describe('registry', () => {
  it('serves every required resource exactly once in each of its versions', () => {
    expect(new Set(RESOURCES.map((r) => `${r.group}/${r.version}/${r.resource}`)).size).toBe(RESOURCES.length);
    const names = [...new Set(RESOURCES.map((r) => `${r.group}/${r.resource}`))];
    expect(names).toEqual([
      '/pods',
      '/bindings',
      '/componentstatuses',
      '/nodes',
      '/namespaces',
      '/services',
      '/endpoints',
      '/events',
      '/configmaps',
      '/secrets',
      '/serviceaccounts',
      '/replicationcontrollers',
      '/resourcequotas',
      '/limitranges',
      'apps/deployments',
      'apps/replicasets',
      'apps/statefulsets',
      'apps/daemonsets',
      'apps/controllerrevisions',
      'authentication.k8s.io/selfsubjectreviews',
      'authentication.k8s.io/tokenreviews',
      'authorization.k8s.io/localsubjectaccessreviews',
      'authorization.k8s.io/selfsubjectaccessreviews',
      'authorization.k8s.io/selfsubjectrulesreviews',
      'authorization.k8s.io/subjectaccessreviews',
      'autoscaling/horizontalpodautoscalers',
      'batch/jobs',
      'batch/cronjobs',
      'coordination.k8s.io/leases',
      'policy/poddisruptionbudgets',
      'scheduling.k8s.io/priorityclasses',
      'node.k8s.io/runtimeclasses',
      'discovery.k8s.io/endpointslices',
      'rbac.authorization.k8s.io/clusterrolebindings',
      'rbac.authorization.k8s.io/clusterroles',
      'rbac.authorization.k8s.io/rolebindings',
      'rbac.authorization.k8s.io/roles',
      'networking.k8s.io/ingressclasses',
      'networking.k8s.io/ingresses',
      'networking.k8s.io/networkpolicies',
      'storage.k8s.io/csidrivers',
      'storage.k8s.io/csinodes',
      'storage.k8s.io/volumeattachments',
      '/podtemplates',
      'apiextensions.k8s.io/customresourcedefinitions',
      '/persistentvolumes',
      '/persistentvolumeclaims',
      'storage.k8s.io/storageclasses',
      'admissionregistration.k8s.io/mutatingwebhookconfigurations',
      'admissionregistration.k8s.io/validatingwebhookconfigurations',
      'admissionregistration.k8s.io/validatingadmissionpolicies',
      'admissionregistration.k8s.io/validatingadmissionpolicybindings',
      'apiregistration.k8s.io/apiservices',
    ]);
  });

  it.each([
    ['po', 'pods'],
    ['no', 'nodes'],
    ['ns', 'namespaces'],
    ['svc', 'services'],
    ['ep', 'endpoints'],
    ['ev', 'events'],
    ['cm', 'configmaps'],
    ['sa', 'serviceaccounts'],
    ['deploy', 'deployments'],
    ['rs', 'replicasets'],
    ['rc', 'replicationcontrollers'],
    ['sts', 'statefulsets'],
    ['ds', 'daemonsets'],
    ['pdb', 'poddisruptionbudgets'],
    ['pc', 'priorityclasses'],
    ['cj', 'cronjobs'],
    ['hpa', 'horizontalpodautoscalers'],
    ['quota', 'resourcequotas'],
    ['limits', 'limitranges'],
  ])('short name %s is %s', (short, resource) => {
    expect(findByShortName(short)?.resource).toBe(resource);
  });

  it('puts the workloads in category all, like Kubernetes', () => {
    expect(
      resourcesInCategory('all')
        .map((r) => r.resource)
        .sort(),
    ).toEqual([
      'cronjobs',
      'daemonsets',
      'deployments',
      'horizontalpodautoscalers',
      'jobs',
      'pods',
      'replicasets',
      'replicationcontrollers',
      'services',
      'statefulsets',
    ]);
  });

  it('looks resources up by path, kind, apiVersion and typed name', () => {
    expect(findResource('apps', 'v1', 'deployments')?.kind).toBe('Deployment');
    expect(findResource('', 'v1', 'deployments')).toBeUndefined();
    expect(findByKind('Lease')?.group).toBe('coordination.k8s.io');
    expect(findByApiVersionKind('policy/v1', 'PodDisruptionBudget')?.resource).toBe('poddisruptionbudgets');
    expect(findByApiVersionKind('v1', 'Deployment')).toBeUndefined();
    expect(findByName('deployments.apps')?.kind).toBe('Deployment');
    expect(findByName('Pod')?.resource).toBe('pods');
    expect(findByName('priorityclass')?.scope).toBe('Cluster');
  });

  it('lists the served group/versions', () => {
    expect(groupVersions()).toEqual([
      { group: '', version: 'v1' },
      { group: 'apps', version: 'v1' },
      { group: 'authentication.k8s.io', version: 'v1' },
      { group: 'authorization.k8s.io', version: 'v1' },
      { group: 'autoscaling', version: 'v2' },
      { group: 'autoscaling', version: 'v1' },
      { group: 'batch', version: 'v1' },
      { group: 'coordination.k8s.io', version: 'v1' },
      { group: 'policy', version: 'v1' },
      { group: 'scheduling.k8s.io', version: 'v1' },
      { group: 'node.k8s.io', version: 'v1' },
      { group: 'discovery.k8s.io', version: 'v1' },
      { group: 'rbac.authorization.k8s.io', version: 'v1' },
      { group: 'networking.k8s.io', version: 'v1' },
      { group: 'storage.k8s.io', version: 'v1' },
      { group: 'apiextensions.k8s.io', version: 'v1' },
      { group: 'admissionregistration.k8s.io', version: 'v1' },
      { group: 'apiregistration.k8s.io', version: 'v1' },
    ]);
  });

  it('describes subresources with their own kinds', () => {
    const pods = findResource('', 'v1', 'pods');
    expect(pods?.subresources.map((s) => `${s.name}:${s.group}/${s.version}/${s.kind}`)).toEqual([
      'binding:/v1/Binding',
      'ephemeralcontainers:/v1/Pod',
      'eviction:policy/v1/Eviction',
      'status:/v1/Pod',
      'attach:/v1/PodAttachOptions',
      'exec:/v1/PodExecOptions',
      'log:/v1/Pod',
      'portforward:/v1/PodPortForwardOptions',
    ]);
    const deploy = findResource('apps', 'v1', 'deployments');
    expect(deploy?.subresources.find((s) => s.name === 'scale')).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    expect(findResource('', 'v1', 'namespaces')?.verbs).not.toContain('deletecollection');
  });

  it('maps objects to Scale and back', () => {
    const scale = findResource('apps', 'v1', 'deployments')?.subresources.find((s) => s.name === 'scale')?.scale;
    const d: Deployment = {
      metadata: { name: 'web', namespace: 'default', resourceVersion: '7' },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } } },
      status: { replicas: 2 },
    };
    expect(scale?.toScale(d)).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: 'web',
        namespace: 'default',
        uid: undefined,
        resourceVersion: '7',
        creationTimestamp: undefined,
      },
      spec: { replicas: 3 },
      status: { replicas: 2, selector: 'app=web' },
    });
    expect((scale?.applyScale(d, { spec: { replicas: 5 } }) as Deployment).spec?.replicas).toBe(5);
    expect(d.spec?.replicas).toBe(3);
  });

  it('gives selectable fields as Kubernetes does', () => {
    const pods = findResource('', 'v1', 'pods');
    const pod = defaultPod({
      metadata: { name: 'p', namespace: 'default' },
      spec: { nodeName: 'n1', containers: [] },
      status: { phase: 'Running', podIPs: [{ ip: '10.0.0.1' }] },
    });
    expect(pods?.selectableFields(pod)).toMatchObject({
      'metadata.name': 'p',
      'metadata.namespace': 'default',
      'spec.nodeName': 'n1',
      'spec.schedulerName': 'default-scheduler',
      'spec.restartPolicy': 'Always',
      'status.phase': 'Running',
      'status.podIP': '10.0.0.1',
      'spec.serviceAccountName': '',
    });
    expect(findByKind('Node')?.selectableFields({ metadata: { name: 'n' }, spec: { unschedulable: true } })).toEqual({
      'metadata.name': 'n',
      'spec.unschedulable': 'true',
    });
    const ev = {
      metadata: { name: 'e', namespace: 'd' },
      involvedObject: { kind: 'Pod', name: 'p', namespace: 'd', uid: 'u' },
      reason: 'Started',
      type: 'Normal',
      reportingComponent: 'kubelet',
    };
    expect(findByKind('Event')?.selectableFields(ev)).toMatchObject({
      'involvedObject.kind': 'Pod',
      'involvedObject.name': 'p',
      'involvedObject.uid': 'u',
      reason: 'Started',
      source: 'kubelet',
      type: 'Normal',
    });
    expect(findByKind('Secret')?.selectableFields({ metadata: { name: 's' }, type: 'Opaque' })).toMatchObject({
      type: 'Opaque',
    });
    expect(
      findByKind('ReplicaSet')?.selectableFields({ metadata: { name: 'r' }, status: { replicas: 2 } }),
    ).toMatchObject({ 'status.replicas': '2' });
    expect(findByKind('Job')?.selectableFields({ metadata: { name: 'j' }, status: { succeeded: 1 } })).toMatchObject({
      'status.successful': '1',
    });
    expect(findByKind('Namespace')?.selectableFields({ metadata: { name: 'n' }, status: { phase: 'Active' } })).toEqual(
      { 'metadata.name': 'n', 'status.phase': 'Active' },
    );
  });

  it('names kinds and resources as Kubernetes error messages do', () => {
    const deploy = findByKind('Deployment');
    const pods = findByKind('Pod');
    expect(deploy && qualifiedKind(deploy)).toBe('Deployment.apps');
    expect(deploy && qualifiedResource(deploy)).toBe('deployments.apps');
    expect(pods && qualifiedKind(pods)).toBe('Pod');
  });

  it('wires defaults, validation and strategy per entry', () => {
    const deploy = findByKind('Deployment');
    const obj = deploy?.defaults({
      metadata: { name: 'web', namespace: 'd' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
    });
    expect(obj && deploy?.validate(obj)).toEqual([]);
    expect(obj && deploy?.strategy.prepareForCreate(obj).metadata?.generation).toBe(1);
    for (const r of RESOURCES) expect(r.printer.columns.length).toBeGreaterThan(0);
  });
});
