/**
 * What `describe` prints for pods, deployments, nodes and services (the fields kubectl's
 * describers show first), and for any other kind kubectl's generic form: API Version, Kind,
 * Metadata, Spec, Status and the rest as nested `Key:  value` lines.
 */
import { describeTime, fields, generic, mapLines, type Field } from './describe-format.js';
import type { KubeObject } from './objects.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- describers read loosely-typed JSON of many kinds */
type Any = any;

const COLUMN = 18;

function head(o: KubeObject, extra: Field[] = []): Field[] {
  const m = o.metadata ?? {};
  return [
    ['Name', m.name ?? ''],
    ...(m.namespace ? ([['Namespace', m.namespace]] as Field[]) : []),
    ...extra,
    ['Labels', mapLines(m.labels, COLUMN)],
    ['Annotations', mapLines(m.annotations, COLUMN)],
  ];
}

function controlledBy(o: KubeObject): Field[] {
  const c = o.metadata?.ownerReferences?.find((r) => r.controller);
  return c ? [['Controlled By', `${c.kind}/${c.name}`]] : [];
}

function containers(list: Any[] | undefined, statuses: Any[] | undefined): string {
  if (!list?.length) return '';
  return `Containers:\n${list
    .map((c: Any) => {
      const st = statuses?.find((s: Any) => s.name === c.name);
      const state = st?.state ? Object.keys(st.state)[0] : undefined;
      const ports = (c.ports ?? []).map((p: Any) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
      const f: Field[] = [
        ['Image', c.image ?? ''],
        ...(ports ? ([['Port', ports]] as Field[]) : []),
        ...(state ? ([['State', state.charAt(0).toUpperCase() + state.slice(1)]] as Field[]) : []),
        ...(st
          ? ([
              ['Ready', String(Boolean(st.ready))],
              ['Restart Count', String(st.restartCount ?? 0)],
            ] as Field[])
          : []),
        ['Environment', c.env?.length ? '' : '<none>'],
      ];
      return `  ${c.name}:\n${fields(f, 4)}`;
    })
    .join('')}`;
}

function conditions(list: Any[] | undefined): string {
  if (!list?.length) return '';
  const w = Math.max(4, ...list.map((c: Any) => String(c.type).length));
  return `Conditions:\n  ${'Type'.padEnd(w)}  Status\n${list.map((c: Any) => `  ${String(c.type).padEnd(w)}  ${c.status}\n`).join('')}`;
}

function pod(p: Any): string {
  const s = p.spec ?? {};
  const st = p.status ?? {};
  return (
    fields([
      ...head(p, [
        ['Priority', String(s.priority ?? 0)],
        ['Service Account', s.serviceAccountName ?? 'default'],
        ['Node', s.nodeName ? `${s.nodeName}/${st.hostIP ?? ''}` : '<none>'],
        ['Start Time', st.startTime ? describeTime(st.startTime) : '<unset>'],
      ]),
      ['Status', p.metadata?.deletionTimestamp ? 'Terminating' : (st.phase ?? 'Pending')],
      ['IP', st.podIP ?? ''],
      ...controlledBy(p),
    ]) +
    containers(s.containers, st.containerStatuses) +
    conditions(st.conditions) +
    fields([
      ['Node-Selectors', mapLines(s.nodeSelector, 18)],
      [
        'Tolerations',
        (s.tolerations ?? [])
          .map(
            (t: Any, i: number) =>
              (i ? ' '.repeat(18) : '') +
              `${t.key ?? ''}${t.operator === 'Exists' ? '' : `=${t.value ?? ''}`}:${t.effect ?? ''}` +
              (t.tolerationSeconds !== undefined ? ` op=${t.operator ?? 'Equal'} for ${t.tolerationSeconds}s` : ''),
          )
          .join('\n') || '<none>',
      ],
    ])
  );
}

function deployment(d: Any): string {
  const s = d.spec ?? {};
  const st = d.status ?? {};
  const selector = Object.entries(s.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(',');
  const strategy = s.strategy?.type ?? 'RollingUpdate';
  const ru = s.strategy?.rollingUpdate ?? {};
  return (
    fields([
      ...head(d, [['CreationTimestamp', describeTime(d.metadata?.creationTimestamp)]]),
      ['Selector', selector],
      [
        'Replicas',
        `${s.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`,
      ],
      ['StrategyType', strategy],
      ['MinReadySeconds', String(s.minReadySeconds ?? 0)],
      ...(strategy === 'RollingUpdate'
        ? ([
            [
              'RollingUpdateStrategy',
              `${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge`,
            ],
          ] as Field[])
        : []),
    ]) +
    `Pod Template:\n${fields([['Labels', mapLines(s.template?.metadata?.labels, 10)]], 2)}` +
    containers(s.template?.spec?.containers, undefined).replace(/^/gm, '  ') +
    conditions(st.conditions)
  );
}

function node(n: Any): string {
  const s = n.spec ?? {};
  const st = n.status ?? {};
  const taints = (s.taints ?? []).map((t: Any) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
  return (
    fields([
      ...head(n, [['Roles', '<none>']]),
      ['CreationTimestamp', describeTime(n.metadata?.creationTimestamp)],
      ['Taints', taints.join(`\n${' '.repeat(COLUMN)}`) || '<none>'],
      ['Unschedulable', String(Boolean(s.unschedulable))],
    ]) +
    conditions(st.conditions) +
    `Capacity:\n${fields(
      Object.entries(st.capacity ?? {}).map(([k, v]) => [k, String(v)] as Field),
      2,
    )}` +
    `Allocatable:\n${fields(
      Object.entries(st.allocatable ?? {}).map(([k, v]) => [k, String(v)] as Field),
      2,
    )}`
  );
}

function service(svc: Any): string {
  const s = svc.spec ?? {};
  const ports = (s.ports ?? []).flatMap((p: Any) => [
    ['Port', `${p.name ?? '<unset>'}  ${p.port}/${p.protocol ?? 'TCP'}`] as Field,
    ['TargetPort', `${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}`] as Field,
    ...(p.nodePort ? ([['NodePort', `${p.name ?? '<unset>'}  ${p.nodePort}/${p.protocol ?? 'TCP'}`]] as Field[]) : []),
  ]);
  return fields([
    ...head(svc),
    [
      'Selector',
      Object.entries(s.selector ?? {})
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(',') || '<none>',
    ],
    ['Type', s.type ?? 'ClusterIP'],
    ['IP Family Policy', s.ipFamilyPolicy ?? 'SingleStack'],
    ['IP', s.clusterIP ?? '<none>'],
    ...ports,
    ['Session Affinity', s.sessionAffinity ?? 'None'],
  ]);
}

function genericObject(o: KubeObject): string {
  const { apiVersion, kind, metadata, ...rest } = o;
  const { name: _n, namespace: _ns, labels: _l, annotations: _a, managedFields: _m, ...meta } = metadata ?? {};
  return (
    fields([...head(o), ['API Version', apiVersion ?? ''], ['Kind', kind ?? '']]) +
    `Metadata:\n${generic(meta, 2)}` +
    Object.entries(rest)
      .map(([k, v]) =>
        typeof v === 'object' && v !== null
          ? `${k.charAt(0).toUpperCase()}${k.slice(1)}:\n${generic(v, 2)}`
          : fields([[k, String(v)]]),
      )
      .join('')
  );
}

/** The describe text of an object (without the Events section). */
export function describeObject(kind: string, o: KubeObject): string {
  switch (kind) {
    case 'Pod':
      return pod(o);
    case 'Deployment':
      return deployment(o);
    case 'Node':
      return node(o);
    case 'Service':
      return service(o);
    default:
      return genericObject(o);
  }
}
