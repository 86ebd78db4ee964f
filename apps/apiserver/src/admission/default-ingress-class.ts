/**
 * DefaultIngressClass: an Ingress created with neither spec.ingressClassName nor the legacy
 * `kubernetes.io/ingress.class` annotation gets the name of the default IngressClass (the
 * one annotated `ingressclass.kubernetes.io/is-default-class: "true"`). With several
 * defaults the newest wins, ties going to the lower name, as kube-apiserver's plugin does.
 */
import { resourceDef } from '../registry/registry.js';
import type { WatchCache } from '../watch/watch-cache.js';
import type { AdmissionPlugin } from './admission.js';
import { newestDefault } from './newest-default.js';

const IS_DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class';
const LEGACY_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/** The DefaultIngressClass plugin, reading IngressClasses from the watch cache. */
export function defaultIngressClass(cache: WatchCache): AdmissionPlugin {
  const classDef = resourceDef('networking.k8s.io', 'ingressclasses');
  return {
    resources: [{ group: 'networking.k8s.io', plural: 'ingresses' }],
    admit: (_def, obj) => {
      const spec = (obj.spec ??= {}) as { ingressClassName?: string };
      if (spec.ingressClassName !== undefined) return;
      if (obj.metadata.annotations?.[LEGACY_CLASS_ANNOTATION] !== undefined) return;
      const defaults = cache
        .snapshot(classDef)
        .items.map((i) => i.obj)
        .filter((c) => c.metadata.annotations?.[IS_DEFAULT_CLASS] === 'true');
      const chosen = newestDefault(defaults)?.metadata.name;
      if (chosen !== undefined) spec.ingressClassName = chosen;
    },
  };
}
