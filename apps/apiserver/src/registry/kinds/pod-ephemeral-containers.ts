/**
 * PUT and PATCH of pods/{name}/ephemeralcontainers, as kube-apiserver's
 * podEphemeralContainersStrategy: the request carries a whole Pod, but only its
 * spec.ephemeralContainers (defaulted as a decoded pod's are) and its identity are taken;
 * everything else comes from the stored pod. Then ValidatePodEphemeralContainersUpdate.
 */
import { validatePodEphemeralContainersUpdate, type ApiObject, type Pod } from '@wheelhouse/api';
import { deepClone } from '@wheelhouse/machinery';
import { invalid } from '../../errors.js';
import { coreDef } from '../registry.js';
import { checkResourceVersion } from '../strategy.js';

/** The request's ephemeral containers with kube's container defaults (terminationMessagePolicy, imagePullPolicy, ...). */
function defaultedEphemeralContainers(next: ApiObject): unknown {
  const defaulted = coreDef('pods').api.defaults(deepClone(next)) as Pod;
  return defaulted.spec?.ephemeralContainers;
}

/**
 * The pod to store for a write of the ephemeralcontainers subresource: the stored pod with the
 * request's ephemeral containers and uid (kube's dropNonEphemeralContainerUpdates). Throws 409 on
 * a stale resourceVersion and 422 (kube's messages) when an existing ephemeral container is
 * removed or changed, or a new one is invalid. Never changes `current`.
 */
export function updateEphemeralContainers(next: ApiObject, current: ApiObject): ApiObject {
  const def = coreDef('pods');
  checkResourceVersion(def, next, current);
  const out = deepClone(current);
  const spec = (out.spec ?? {}) as Record<string, unknown>;
  const ephemeral = defaultedEphemeralContainers(next);
  if (Array.isArray(ephemeral) && ephemeral.length > 0) spec.ephemeralContainers = ephemeral;
  else delete spec.ephemeralContainers;
  out.spec = spec;
  if (next.metadata?.uid) out.metadata.uid = next.metadata.uid;
  const errs = validatePodEphemeralContainersUpdate(out as Pod, current as Pod);
  if (errs.length) throw invalid(def.kind, def, current.metadata.name ?? '', errs);
  return out;
}
