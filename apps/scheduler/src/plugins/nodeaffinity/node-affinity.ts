/**
 * NodeAffinity: Filter enforces nodeSelector and required node affinity (PreFilter narrows
 * to the nodes named by metadata.name matchFields); Score sums the weights of matching
 * preferred terms, normalized to 0-100. `addedAffinity` is enforced for every pod.
 */
import {
  type Affinity,
  type Node,
  type Pod,
  NodeSelectorMatcher,
  PreferredSchedulingTerms,
  RequiredNodeAffinity,
} from '@wheelhouse/api';
import { z } from 'zod';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState, StateData } from '../../framework/cycle-state.js';
import { Action, type ClusterEventWithHint } from '../../framework/events.js';
import {
  MAX_NODE_SCORE,
  PreFilterResult,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeScore,
  type PreFilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../framework/interfaces.js';
import { defaultNormalizeScore } from '../../framework/normalize.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { asStatus, skip, unresolvable, type Status, type StatusResult } from '../../framework/status.js';
import { Names } from '../names.js';

/** kube-scheduler's reason for a node the pod's nodeSelector/affinity excludes. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
/** kube-scheduler's reason for a node the profile's addedAffinity excludes. */
export const ERR_REASON_ENFORCED = "node(s) didn't match scheduler-enforced node affinity";
const ERR_REASON_CONFLICT = 'pod affinity terms conflict';

const PRE_FILTER_KEY = `PreFilter${Names.NodeAffinity}`;
const PRE_SCORE_KEY = `PreScore${Names.NodeAffinity}`;

/** NodeAffinityArgs: node affinity added to every pod of the profile. */
export const NodeAffinityArgsSchema = z.strictObject({ addedAffinity: z.looseObject({}).optional() });

type NodeAffinitySpec = NonNullable<Affinity['nodeAffinity']>;

class Cached<T> implements StateData {
  constructor(readonly value: T) {}
  clone(): StateData {
    return this;
  }
}

function namesOfTerm(
  fields: readonly { key?: string; operator?: string; values?: string[] }[],
): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const f of fields) {
    if (f.key !== 'metadata.name' || f.operator !== 'In') continue;
    const s = new Set(f.values ?? []);
    names = names ? new Set([...names].filter((n) => s.has(n))) : s;
  }
  return names;
}

/** The nodes named by metadata.name In matchFields in every term, or undefined when some term allows all. */
function nodeNamesOf(pod: Pod): Set<string> | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return undefined;
  const union = new Set<string>();
  for (const t of terms) {
    const names = namesOfTerm(t.matchFields ?? []);
    if (!names) return undefined;
    for (const n of names) union.add(n);
  }
  return union;
}

/** The NodeAffinity plugin. */
export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.NodeAffinity;
  private readonly addedSelector: NodeSelectorMatcher | undefined;
  private readonly addedPreferred: PreferredSchedulingTerms | undefined;

  constructor(args: z.infer<typeof NodeAffinityArgsSchema>) {
    const added = args.addedAffinity as NodeAffinitySpec | undefined;
    const required = added?.requiredDuringSchedulingIgnoredDuringExecution;
    this.addedSelector = required ? new NodeSelectorMatcher(required.nodeSelectorTerms ?? []) : undefined;
    const preferred = added?.preferredDuringSchedulingIgnoredDuringExecution;
    this.addedPreferred = preferred ? new PreferredSchedulingTerms(preferred) : undefined;
  }

  preFilter(state: CycleState, pod: PodInfo): Status | PreFilterResult | undefined {
    const spec = pod.pod.spec;
    const required = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !this.addedSelector && spec?.nodeSelector === undefined) return skip();
    state.write(PRE_FILTER_KEY, new Cached(new RequiredNodeAffinity(pod.pod)));
    const names = nodeNamesOf(pod.pod);
    if (!names) return undefined;
    return names.size === 0 ? unresolvable(ERR_REASON_CONFLICT) : new PreFilterResult(names);
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    const node = nodeInfo.node as Node;
    if (this.addedSelector && !this.addedSelector.matches(node)) return unresolvable(ERR_REASON_ENFORCED);
    const required =
      state.read<Cached<RequiredNodeAffinity>>(PRE_FILTER_KEY)?.value ?? new RequiredNodeAffinity(pod.pod);
    return required.matches(node) ? undefined : unresolvable(ERR_REASON_POD);
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): StatusResult {
    if (nodes.length === 0) return undefined;
    const terms = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!terms && !this.addedPreferred) return skip();
    try {
      state.write(PRE_SCORE_KEY, new Cached(terms ? new PreferredSchedulingTerms(terms) : undefined));
    } catch (err) {
      return asStatus(err);
    }
    return undefined;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const node = nodeInfo.node as Node;
    const preferred = state.read<Cached<PreferredSchedulingTerms | undefined>>(PRE_SCORE_KEY)?.value;
    return (this.addedPreferred?.score(node) ?? 0) + (preferred?.score(node) ?? 0);
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: NodeScore[]): StatusResult {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    return undefined;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: Action.Add | Action.UpdateNodeLabel },
        hint: (pod, _old, node) => (new RequiredNodeAffinity(pod).matches(node as Node) ? 'Queue' : 'QueueSkip'),
      },
    ];
  }
}

/** Factory for the registry; validates NodeAffinityArgs. */
export const newNodeAffinity: PluginFactory = (args) => new NodeAffinity(NodeAffinityArgsSchema.parse(args ?? {}));
