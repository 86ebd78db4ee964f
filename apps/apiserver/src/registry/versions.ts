/** Kubernetes' version priority (v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > other), as discovery orders versions. */

const KUBE_VERSION = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

function rank(v: string): [number, number, number] {
  const m = KUBE_VERSION.exec(v);
  if (!m) return [0, 0, 0];
  const stability = m[2] === undefined ? 3 : m[2] === 'beta' ? 2 : 1;
  return [stability, Number(m[1]), Number(m[3] ?? 0)];
}

/**
 * Sorts versions highest priority first: GA before beta before alpha, higher numbers first
 * within each, then versions not of the Kubernetes form in alphabetical order.
 */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [rank(a), rank(b)];
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return y[i]! - x[i]!;
  return a < b ? -1 : a > b ? 1 : 0;
}
