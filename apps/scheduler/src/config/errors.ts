/** Why a scheduler configuration was refused: every field error, in Kubernetes' field-error wording. */
import { formatFieldError, type FieldError } from '@wheelhouse/api';

/** A refused KubeSchedulerConfiguration; `errors` name the fields. */
export class ConfigError extends Error {
  override name = 'ConfigError';

  constructor(readonly errors: readonly FieldError[]) {
    super(`invalid KubeSchedulerConfiguration: ${errors.map(formatFieldError).join(', ')}`);
  }
}
