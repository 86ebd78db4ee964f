/**
 * The scale of an HPA's target, read and written through the target's scale subresource (kube's
 * RESTMapper + scale client): the target's group and kind name the resource; its /scale gives
 * spec.replicas and status.selector. A kind without a scale subresource fails as the API
 * server answers the GET, as in kube (only the disruption controller words that case itself).
 */
import type { Scale } from '@wheelhouse/api';
import type { KindMapping, ScaleClient } from '../../workload/scale-client.js';
import { parseGroupVersion } from '../../workload/group-version.js';

/** Where the target is served, and its current Scale. */
export interface TargetScale {
  mapping: KindMapping;
  scale: Scale;
}

/** A failure to read the target's scale: kube's message, and the error its sync returns. */
export class ScaleLookupError extends Error {
  constructor(
    message: string,
    readonly syncError: string,
  ) {
    super(message);
    this.name = 'ScaleLookupError';
  }
}

/** Reads the scale of `ref` in `namespace`; throws a ScaleLookupError with kube's texts. */
export async function readTargetScale(
  scales: ScaleClient,
  ref: { apiVersion?: string | undefined; kind?: string | undefined; name?: string | undefined },
  namespace: string,
): Promise<TargetScale> {
  const reference = `${ref.kind ?? ''}/${namespace}/${ref.name ?? ''}`;
  let group: string;
  try {
    group = parseGroupVersion(ref.apiVersion ?? '').group;
  } catch (err) {
    const message = (err as Error).message;
    throw new ScaleLookupError(message, `invalid API version in scale target reference: ${message}`);
  }
  const mapping = await scales.mapping(group, ref.kind ?? '');
  if (!mapping) {
    const message = `no matches for kind "${ref.kind ?? ''}" in group "${group}"`;
    throw new ScaleLookupError(message, `unable to determine resource for scale target reference: ${message}`);
  }
  try {
    return { mapping, scale: await scales.get(mapping, namespace, ref.name ?? '') };
  } catch (err) {
    const message = (err as Error).message;
    throw new ScaleLookupError(message, `failed to query scale subresource for ${reference}: ${message}`);
  }
}

/** Writes `replicas` to the target's scale (the Scale read, so a change meanwhile conflicts). */
export async function writeTargetScale(scales: ScaleClient, target: TargetScale, replicas: number): Promise<void> {
  const { scale, mapping } = target;
  await scales.update(mapping, scale.metadata?.namespace ?? '', scale.metadata?.name ?? '', {
    ...scale,
    spec: { ...scale.spec, replicas },
  });
}
