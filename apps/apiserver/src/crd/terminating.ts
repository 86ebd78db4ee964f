/** Admission of custom resources: no create while their CRD is being deleted, as apiextensions-apiserver refuses it. */
import type { AdmissionPlugin } from '../admission/admission.js';
import { ApiError } from '../errors.js';
import type { ResourceDef } from '../registry/registry.js';

/** 405 `create not allowed while custom resource definition is terminating` for a terminating CRD's resources. */
export function crdTerminatingAdmission(isTerminating: (def: ResourceDef) => boolean): AdmissionPlugin {
  return {
    admit(def) {
      if (def.crd !== undefined && isTerminating(def))
        throw new ApiError('MethodNotAllowed', 'create not allowed while custom resource definition is terminating', {
          group: def.group,
          kind: def.plural,
        });
    },
  };
}
