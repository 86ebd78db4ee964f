import { isQualifiedName, isValidLabelValue } from '@wheelhouse/machinery';

/** Label keys a kubelet may set on its own Node (k8s.io/kubelet's KubeletLabels), sorted. */
const KUBELET_LABELS = [
  'beta.kubernetes.io/arch',
  'beta.kubernetes.io/instance-type',
  'beta.kubernetes.io/os',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'kubernetes.io/arch',
  'kubernetes.io/hostname',
  'kubernetes.io/os',
  'node.kubernetes.io/instance-type',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
];
/** Label namespaces a kubelet may set labels in, subdomains included (KubeletLabelNamespaces). */
const KUBELET_LABEL_NAMESPACES = ['kubelet.kubernetes.io', 'node.kubernetes.io'];

function namespaceOf(key: string): string {
  const slash = key.indexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

function within(namespace: string, domain: string): boolean {
  return namespace === domain || namespace.endsWith(`.${domain}`);
}

function isKubeletLabel(key: string): boolean {
  const ns = namespaceOf(key);
  return KUBELET_LABELS.includes(key) || KUBELET_LABEL_NAMESPACES.some((d) => within(ns, d));
}

/**
 * Why the kubelet refuses these --node-labels, in its words (ValidateKubeletFlags), or
 * undefined: labels in the kubernetes.io or k8s.io namespaces other than those a kubelet may set
 * (the NodeRestriction set; node-role.kubernetes.io is not one), then keys or values that are not
 * valid labels. One line: kube's second line follows after "; ".
 */
export function nodeLabelsProblem(labels: Readonly<Record<string, string>>): string | undefined {
  const keys = Object.keys(labels);
  const unknown = keys
    .filter((k) => {
      const ns = namespaceOf(k);
      return (within(ns, 'kubernetes.io') || within(ns, 'k8s.io')) && !isKubeletLabel(k);
    })
    .sort();
  if (unknown.length > 0)
    return (
      `unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: [${unknown.join(' ')}]; ` +
      `--node-labels in the 'kubernetes.io' namespace must begin with an allowed prefix ` +
      `(${KUBELET_LABEL_NAMESPACES.join(', ')}) or be in the specifically allowed set (${KUBELET_LABELS.join(', ')})`
    );
  const invalid: string[] = [];
  for (const [k, v] of Object.entries(labels)) {
    const keyErrs = isQualifiedName(k);
    if (keyErrs.length) invalid.push(`'${k}' - ${keyErrs.join(', ')}`);
    const valueErrs = isValidLabelValue(v);
    if (valueErrs.length) invalid.push(`'${v}' - ${valueErrs.join(', ')}`);
  }
  return invalid.length ? `invalid node labels: ${invalid.join('; ')}` : undefined;
}
