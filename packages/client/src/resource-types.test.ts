import { RESOURCES } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { type ResourceGroups, resourceOf } from './resource-types.js';

describe('resource names', () => {
  it('ResourceGroups names the group of every resource as the registry does', () => {
    // Typed against ResourceGroups, so the literal and the type cannot drift apart.
    const groups: ResourceGroups = {
      pods: '',
      bindings: '',
      nodes: '',
      namespaces: '',
      services: '',
      endpoints: '',
      events: '',
      configmaps: '',
      secrets: '',
      serviceaccounts: '',
      replicationcontrollers: '',
      deployments: 'apps',
      replicasets: 'apps',
      statefulsets: 'apps',
      daemonsets: 'apps',
      controllerrevisions: 'apps',
      jobs: 'batch',
      cronjobs: 'batch',
      leases: 'coordination.k8s.io',
      poddisruptionbudgets: 'policy',
      priorityclasses: 'scheduling.k8s.io',
      runtimeclasses: 'node.k8s.io',
      endpointslices: 'discovery.k8s.io',
      ingressclasses: 'networking.k8s.io',
      ingresses: 'networking.k8s.io',
      networkpolicies: 'networking.k8s.io',
      csidrivers: 'storage.k8s.io',
      csinodes: 'storage.k8s.io',
      volumeattachments: 'storage.k8s.io',
      podtemplates: '',
      persistentvolumes: '',
      persistentvolumeclaims: '',
      storageclasses: 'storage.k8s.io',
      resourcequotas: '',
      limitranges: '',
      horizontalpodautoscalers: 'autoscaling',
      clusterrolebindings: 'rbac.authorization.k8s.io',
      clusterroles: 'rbac.authorization.k8s.io',
      rolebindings: 'rbac.authorization.k8s.io',
      roles: 'rbac.authorization.k8s.io',
      customresourcedefinitions: 'apiextensions.k8s.io',
      apiservices: 'apiregistration.k8s.io',
      mutatingwebhookconfigurations: 'admissionregistration.k8s.io',
      validatingwebhookconfigurations: 'admissionregistration.k8s.io',
      validatingadmissionpolicies: 'admissionregistration.k8s.io',
      validatingadmissionpolicybindings: 'admissionregistration.k8s.io',
      componentstatuses: '',
      selfsubjectreviews: 'authentication.k8s.io',
      tokenreviews: 'authentication.k8s.io',
      localsubjectaccessreviews: 'authorization.k8s.io',
      selfsubjectaccessreviews: 'authorization.k8s.io',
      selfsubjectrulesreviews: 'authorization.k8s.io',
      subjectaccessreviews: 'authorization.k8s.io',
    };
    // One entry per resource, whatever the number of versions it is served in (HPAs: v2 and v1).
    const served = new Map(RESOURCES.map((r) => [r.resource, r.group]));
    expect(Object.entries(groups).sort()).toEqual([...served.entries()].sort());
  });

  it('resourceOf reads the plural name out of a qualified one', () => {
    expect(resourceOf('leases.coordination.k8s.io')).toBe('leases');
    expect(resourceOf('deployments.apps')).toBe('deployments');
    expect(resourceOf('pods')).toBe('pods');
  });
});
