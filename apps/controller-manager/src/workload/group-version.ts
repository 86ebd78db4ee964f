/** apimachinery's schema.ParseGroupVersion, with its error text (one definition for the controllers). */

/** A group and version; the core group is "". */
export interface GroupVersion {
  group: string;
  version: string;
}

/** "" -> {"", ""}, "v1" -> {"", "v1"}, "apps/v1" -> {"apps", "v1"}; throws Go's error for more than one slash. */
export function parseGroupVersion(apiVersion: string): GroupVersion {
  if (apiVersion === '') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  throw new Error(`unexpected GroupVersion string: ${apiVersion}`);
}
