/** What the ValidatingAdmissionPolicy plugin knows of one request (kube's admission.Attributes). */
import type { ApiObject } from '@wheelhouse/api';
import type { AdmissionOperation } from '../admission.js';

/** A group/version/resource. */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** One request as policies see it. */
export interface PolicyRequest {
  operation: AdmissionOperation;
  /** The resource requested (its served version). */
  resource: GroupVersionResource;
  kind: { group: string; version: string; kind: string };
  subresource: string;
  /** The namespace of a namespaced request (a Namespace's own name, except on its create), else ''. */
  namespace: string;
  name: string;
  /** The new object (undefined on DELETE). */
  object: ApiObject | undefined;
  /** The stored object (UPDATE, DELETE). */
  oldObject: ApiObject | undefined;
  dryRun: boolean;
}
