import { describe, expect, it } from 'vitest';
import { defaultCustomResourceDefinition } from '../defaults/apiextensions.js';
import { findByShortName } from '../registry/registry.js';
import type { CustomResourceDefinition } from '../schema/apiextensions-v1.js';
import { decodeObject } from '../decode.js';
import { APIEXTENSIONS_RESOURCES } from '../registry/apiextensions.js';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionUpdate } from './apiextensions.js';
import { certificateCRD, serviceMonitorCRD } from './apiextensions.test-support.js';
import { formatFieldError, invalidStatusMessage } from './field-errors.js';

const def = APIEXTENSIONS_RESOURCES[0]!;

/** Defaults, the create strategy, then validation: what the API server does on create. */
function create(crd: CustomResourceDefinition): string[] {
  const prepared = def.strategy.prepareForCreate(defaultCustomResourceDefinition(crd));
  return validateCustomResourceDefinition(prepared as CustomResourceDefinition).map(formatFieldError);
}

function withSpec(mutate: (crd: CustomResourceDefinition) => void): CustomResourceDefinition {
  const crd = certificateCRD();
  mutate(crd);
  return crd;
}

describe('CustomResourceDefinition registry entry', () => {
  it('is served as crd/crds, cluster-scoped, in category api-extensions, with status', () => {
    expect(findByShortName('crd')?.kind).toBe('CustomResourceDefinition');
    expect(findByShortName('crds')?.resource).toBe('customresourcedefinitions');
    expect(def.scope).toBe('Cluster');
    expect(def.categories).toEqual(['api-extensions']);
    expect(def.subresources.map((s) => s.name)).toEqual(['status']);
    expect(def.printer.columns.map((c) => c.name)).toEqual(['Name', 'Created At']);
  });

  it('decodes real-world CRDs, and refuses unknown schema keywords', () => {
    expect(decodeObject(def.schema, certificateCRD()).ok).toBe(true);
    const bad = certificateCRD() as unknown as { spec: { versions: { schema: { openAPIV3Schema: object } }[] } };
    bad.spec.versions[0]!.schema.openAPIV3Schema = { type: 'object', typo: true };
    expect(decodeObject(def.schema, bad).ok).toBe(false);
  });

  it('defaults as kube: singular, listKind, conversion None, storedVersions on create', () => {
    const crd = defaultCustomResourceDefinition(serviceMonitorCRD());
    expect(crd.spec?.names?.singular).toBe('servicemonitor');
    expect(crd.spec?.names?.listKind).toBe('ServiceMonitorList');
    expect(crd.spec?.conversion).toEqual({ strategy: 'None' });
    const created = def.strategy.prepareForCreate(crd) as CustomResourceDefinition;
    expect(created.status?.storedVersions).toEqual(['v1']);
    expect(created.metadata?.generation).toBe(1);
  });
});

describe('validateCustomResourceDefinition', () => {
  it('accepts a cert-manager Certificate and a Prometheus ServiceMonitor', () => {
    expect(create(certificateCRD())).toEqual([]);
    expect(create(serviceMonitorCRD())).toEqual([]);
  });

  it('requires the name <plural>.<group> and a group with a dot', () => {
    const crd = withSpec((c) => {
      c.metadata = { name: 'certs.cert-manager.io' };
    });
    expect(create(crd)).toEqual([
      'metadata.name: Invalid value: "certs.cert-manager.io": must be spec.names.plural+"."+spec.group',
    ]);
    const noDot = withSpec((c) => {
      c.metadata = { name: 'certificates.certmanager' };
      c.spec!.group = 'certmanager';
    });
    expect(create(noDot)).toEqual([
      'spec.group: Invalid value: "certmanager": should be a domain with at least one dot',
    ]);
  });

  it('checks names, scope and the single storage version', () => {
    const crd = withSpec((c) => {
      c.spec!.scope = 'Global';
      c.spec!.names!.kind = 'Certificate_';
      c.spec!.names!.listKind = 'Certificate_';
      c.spec!.versions!.push({ name: 'v2', served: true, storage: true, schema: c.spec!.versions![0]!.schema });
    });
    expect(create(crd)).toEqual(
      expect.arrayContaining([
        'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"',
        'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must have exactly one version marked as storage version',
        "spec.names.kind: Invalid value: \"Certificate_\": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
        'spec.names.listKind: Invalid value: "Certificate_": kind and listKind may not be the same',
      ]),
    );
  });

  it('requires a schema per version and refuses duplicate version names', () => {
    const crd = withSpec((c) => {
      delete c.spec!.versions![0]!.schema;
      c.spec!.versions!.push({ name: 'v1', served: true, storage: false });
    });
    expect(create(crd)).toEqual(
      expect.arrayContaining([
        'spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required',
        'spec.versions[1].schema.openAPIV3Schema: Required value: schemas are required',
        'spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion{...}: must contain unique version names',
      ]),
    );
  });

  it('refuses Webhook conversion with a clear message', () => {
    const crd = withSpec((c) => {
      c.spec!.conversion = {
        strategy: 'Webhook',
        webhook: { conversionReviewVersions: ['v1'], clientConfig: { url: 'https://example.com/convert' } },
      };
    });
    expect(create(crd)).toEqual([
      'spec.conversion.strategy: Forbidden: Webhook conversion is not supported by Wheelhouse: serve one schema shape in every version and use strategy None',
    ]);
  });

  it('checks printer columns and scale paths at the lifted spec paths when every version shares them', () => {
    const crd = withSpec((c) => {
      const v = c.spec!.versions![0]!;
      v.additionalPrinterColumns = [{ name: 'Bad', type: 'text', jsonPath: 'spec.x' }];
      v.subresources = { status: {}, scale: { specReplicasPath: '.status.replicas', statusReplicasPath: '.status.r' } };
    });
    expect(create(crd)).toEqual([
      'spec.subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec',
      'spec.additionalPrinterColumns[0].type: Invalid value: "text": must be one of boolean,date,integer,number,string',
      'spec.additionalPrinterColumns[0].JSONPath: Invalid value: "spec.x": must be a simple json path starting with .',
    ]);
  });

  it('requires the API approval annotation in protected groups', () => {
    const crd = withSpec((c) => {
      c.metadata = { name: 'certificates.networking.k8s.io' };
      c.spec!.group = 'networking.k8s.io';
    });
    expect(create(crd)).toEqual([
      'metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups must have approval annotation "api-approved.kubernetes.io", see https://github.com/kubernetes/enhancements/pull/1111',
    ]);
    crd.metadata!.annotations = { 'api-approved.kubernetes.io': 'unapproved, testing only' };
    expect(create(crd)).toEqual([]);
  });

  it('checks selectableFields against the schema', () => {
    const crd = withSpec((c) => {
      c.spec!.versions![0]!.selectableFields = [
        { jsonPath: '.spec.secretName' },
        { jsonPath: '.spec.issuerRef' },
        { jsonPath: '.spec.nope' },
        { jsonPath: '.spec.secretName' },
      ];
    });
    expect(create(crd)).toEqual([
      'spec.selectableFields[1].jsonPath: Invalid value: ".spec.issuerRef": must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.',
      'spec.selectableFields[2].jsonPath: Invalid value: ".spec.nope": is an invalid path: does not refer to a valid field',
      'spec.selectableFields[3].jsonPath: Duplicate value: ".spec.secretName"',
    ]);
  });

  it('builds the 422 message kube-apiserver returns', () => {
    const crd = withSpec((c) => {
      c.spec!.group = 'cert-manager';
    });
    const errs = validateCustomResourceDefinition(
      def.strategy.prepareForCreate(defaultCustomResourceDefinition(crd)) as CustomResourceDefinition,
    );
    expect(
      invalidStatusMessage('CustomResourceDefinition.apiextensions.k8s.io', 'certificates.cert-manager.io', errs),
    ).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "certificates.cert-manager.io" is invalid: [metadata.name: Invalid value: "certificates.cert-manager.io": must be spec.names.plural+"."+spec.group, spec.group: Invalid value: "cert-manager": should be a domain with at least one dot]',
    );
  });
});

describe('validateCustomResourceDefinitionUpdate', () => {
  const established = (crd: CustomResourceDefinition): CustomResourceDefinition => {
    const created = def.strategy.prepareForCreate(defaultCustomResourceDefinition(crd)) as CustomResourceDefinition;
    created.metadata = { ...created.metadata, uid: 'u1', creationTimestamp: '2026-01-01T00:00:00Z' };
    created.status!.conditions = [{ type: 'Established', status: 'True' }];
    return created;
  };

  it('keeps scope and kind once established, group and plural always', () => {
    const old = established(certificateCRD());
    const next = structuredClone(old);
    next.spec!.scope = 'Cluster';
    next.spec!.group = 'cert-manager.example.io';
    const errs = validateCustomResourceDefinitionUpdate(next, old).map(formatFieldError);
    expect(errs).toEqual(
      expect.arrayContaining([
        'spec.scope: Invalid value: "Cluster": field is immutable',
        'spec.group: Invalid value: "cert-manager.example.io": field is immutable',
      ]),
    );
  });

  it("does not refuse an update for a rule's cost when the version's schema is unchanged (kube's suppressPerExpressionCost)", () => {
    // 10,485,753 estimated over an unbounded list of strings: just over the per-rule limit.
    const rule = "self.all(x, x.size() < 10 && x.startsWith('a') && x.endsWith('b'))";
    const withRule = (crd: CustomResourceDefinition) => {
      const spec = crd.spec!.versions![0]!.schema!.openAPIV3Schema!.properties!.spec!;
      spec.properties = { ...spec.properties, names: { type: 'array', items: { type: 'string' } } };
      spec.properties.names!['x-kubernetes-validations'] = [{ rule }];
      return crd;
    };
    const costError =
      'spec.validation.openAPIV3Schema.properties[spec].properties[names].x-kubernetes-validations[0].rule: Forbidden: estimated rule cost exceeds budget by factor of 1.048575x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)';
    expect(create(withRule(certificateCRD()))).toEqual([costError]);
    const old = withRule(established(certificateCRD()));
    const relabelled = structuredClone(old);
    relabelled.metadata!.labels = { team: 'a' };
    expect(validateCustomResourceDefinitionUpdate(relabelled, old).map(formatFieldError)).toEqual([]);
    const changed = structuredClone(old);
    changed.spec!.versions![0]!.schema!.openAPIV3Schema!.properties!.spec!.properties!.names!.description = 'names';
    expect(validateCustomResourceDefinitionUpdate(changed, old).map(formatFieldError)).toEqual([costError]);
  });

  it('refuses dropping a version that is still in status.storedVersions', () => {
    const old = established(certificateCRD());
    const next = structuredClone(old);
    next.spec!.versions![0]!.name = 'v2';
    const prepared = def.strategy.prepareForUpdate(next, old) as CustomResourceDefinition;
    expect(prepared.status?.storedVersions).toEqual(['v1', 'v2']);
    expect(validateCustomResourceDefinitionUpdate(prepared, old).map(formatFieldError)).toEqual([
      'status.storedVersions[0]: Invalid value: "v1": must appear in spec.versions',
    ]);
  });
});
