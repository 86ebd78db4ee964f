/** The registry entry of core/v1 PodTemplate. */
import { deepClone } from '@wheelhouse/machinery';
import { defaultPodTemplate } from '../defaults/pod.js';
import { podTemplatePrinter } from '../printing/podtemplate.js';
import { PodTemplateSchema, type PodTemplate } from '../schema/core-v1-podtemplate.js';
import { makeStrategy, type KubeObject } from '../strategy/strategy.js';
import { semanticEqual } from '../util/json.js';
import { validatePodTemplateObject, validatePodTemplateObjectUpdate } from '../validation/podtemplate.js';
import { STANDARD_VERBS } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

function defaults(pt: PodTemplate): PodTemplate {
  const copy = deepClone(pt);
  defaultPodTemplate(copy.template);
  return copy;
}

/** Generation 1 on create, one more whenever `template` changes (kube's podtemplate strategy). */
const strategy = makeStrategy({
  onCreate: (obj: KubeObject) => void ((obj.metadata ??= {}).generation = 1),
  onUpdate: (next: KubeObject, old: KubeObject) => {
    const meta = (next.metadata ??= {});
    meta.generation = (old.metadata?.generation ?? 0) + (semanticEqual(next.template, old.template) ? 0 : 1);
  },
});

/** core/v1 podtemplates (no short name, no category, as in Kubernetes). */
export const PODTEMPLATE_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    group: '',
    version: 'v1',
    kind: 'PodTemplate',
    listKind: 'PodTemplateList',
    resource: 'podtemplates',
    singular: 'podtemplate',
    shortNames: [],
    categories: [],
    scope: 'Namespaced',
    verbs: STANDARD_VERBS,
    subresources: [],
    schema: PodTemplateSchema,
    definitionName: 'io.k8s.api.core.v1.PodTemplate',
    selectableFields: (o) => objectMetaFields(o, true),
    defaults,
    validate: validatePodTemplateObject,
    validateUpdate: validatePodTemplateObjectUpdate,
    strategy,
    printer: podTemplatePrinter,
  }),
];
