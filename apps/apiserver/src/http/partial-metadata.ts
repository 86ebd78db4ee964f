/**
 * Metadata-only responses, as kube-apiserver serves them to client-go's metadata client and
 * metadata informers: an Accept of `application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1`
 * (or `v1beta1`) gets an object's `metadata` alone, and `as=PartialObjectMetadataList` a list's
 * items so. Asking for the one where the response is the other is a 406, as in kube.
 */
import type { ApiObject } from '@wheelhouse/api';
import { ApiError } from '../errors.js';

/** Which metadata-only form a request asks for. */
export interface MetadataForm {
  kind: 'PartialObjectMetadata' | 'PartialObjectMetadataList';
  /** `meta.k8s.io/v1` or `meta.k8s.io/v1beta1`. */
  apiVersion: string;
}

const VERSIONS = new Set(['v1', 'v1beta1']);

/**
 * The metadata form the first JSON media type of `accept` asks for, or undefined when it asks
 * for the object itself (or a Table). Responses are JSON, so other media types are passed over.
 */
export function metadataFormOf(accept: string | undefined): MetadataForm | undefined {
  if (!accept || !accept.includes('PartialObjectMetadata')) return undefined;
  for (const part of accept.split(',')) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim());
    if (type !== 'application/json' && type !== '*/*' && type !== 'application/*') continue;
    const p = new Map(params.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
    const as = p.get('as');
    if (as !== 'PartialObjectMetadata' && as !== 'PartialObjectMetadataList') return undefined;
    if (p.get('g') !== 'meta.k8s.io' || !VERSIONS.has(p.get('v') ?? '')) continue;
    return { kind: as, apiVersion: `meta.k8s.io/${p.get('v')}` };
  }
  return undefined;
}

function notAcceptable(message: string): ApiError {
  return new ApiError('NotAcceptable', message);
}

/**
 * The Go type kube's 406 names (`%T` of the object its storage returned, an internal type):
 * `*core.Pod`, `*apps.DeploymentList`, `*autoscaling.Scale`; a custom resource's is
 * `*unstructured.Unstructured` (or `...List`).
 */
function goType(apiVersion: string, kind: string, custom: boolean): string {
  if (custom) return kind.endsWith('List') ? '*unstructured.UnstructuredList' : '*unstructured.Unstructured';
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  // events.k8s.io's Events are stored as core's; internal.apiserver.k8s.io's package is apiserverinternal.
  const pkg =
    group === '' || group === 'events.k8s.io'
      ? 'core'
      : group === 'internal.apiserver.k8s.io'
        ? 'apiserverinternal'
        : group.split('.')[0];
  return `*${pkg}.${kind}`;
}

/** `obj` as a PartialObjectMetadata of `apiVersion` (meta.k8s.io/v1 or v1beta1). */
export function partialObjectMetadata(obj: ApiObject, apiVersion: string): ApiObject {
  return { kind: 'PartialObjectMetadata', apiVersion, metadata: obj.metadata };
}

/** A single-object response in `form` (`custom`: a custom resource's): 406 when a list form was asked for. */
export function objectAsMetadata(obj: ApiObject, form: MetadataForm, custom: boolean): ApiObject {
  if (form.kind !== 'PartialObjectMetadata') {
    const type = goType(obj.apiVersion ?? '', obj.kind ?? '', custom);
    throw notAcceptable(`you requested ${form.kind}, but the requested object is not a list (${type})`);
  }
  return partialObjectMetadata(obj, form.apiVersion);
}

/** A list response in `form`: 406 when a single-object form was asked for. */
export function listAsMetadata(
  list: { apiVersion: string; kind: string; custom: boolean },
  meta: Record<string, unknown>,
  items: readonly ApiObject[],
  form: MetadataForm,
): unknown {
  if (form.kind !== 'PartialObjectMetadataList') {
    const type = goType(list.apiVersion, list.kind, list.custom);
    throw notAcceptable(`you requested ${form.kind}, but the requested object is a list (${type})`);
  }
  return {
    kind: 'PartialObjectMetadataList',
    apiVersion: form.apiVersion,
    metadata: meta,
    items: items.map((o) => partialObjectMetadata(o, form.apiVersion)),
  };
}
