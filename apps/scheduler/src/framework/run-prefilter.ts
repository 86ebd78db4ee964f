/**
 * The PreFilter extension point (RunPreFilterPlugins): Skip disables the plugin's Filter
 * for the cycle; UnschedulableAndUnresolvable stops at once; Unschedulable is kept while
 * the other plugins still run (so preemption sees their state); node-name results are
 * intersected, and an empty intersection rejects every node.
 */
import type { NodeInfo } from '../cache/node-info.js';
import type { CycleState } from './cycle-state.js';
import { PreFilterResult, type PreFilterPlugin } from './interfaces.js';
import type { PodInfo } from './pod-info.js';
import { asStatus, Code, Status, type StatusResult } from './status.js';

/** The outcome of PreFilter: the node restriction (undefined = all nodes), the status, and the plugins that restricted or rejected. */
export interface PreFilterOutcome {
  result: PreFilterResult | undefined;
  status: StatusResult;
  unschedulablePlugins: Set<string>;
}

function intersect(a: PreFilterResult | undefined, b: PreFilterResult): PreFilterResult {
  if (!a) return b;
  return new PreFilterResult(new Set([...a.nodeNames].filter((n) => b.nodeNames.has(n))));
}

function emptyResultStatus(plugins: Set<string>): Status {
  const names = [...plugins].sort();
  const msg =
    names.length === 1
      ? `node(s) didn't satisfy plugin ${names[0]}`
      : `node(s) didn't satisfy plugin(s) [${names.join(' ')}] simultaneously`;
  return new Status(Code.UnschedulableAndUnresolvable, [msg]);
}

/** Runs every PreFilter plugin for `pod`. */
export function runPreFilter(
  plugins: readonly PreFilterPlugin[],
  state: CycleState,
  pod: PodInfo,
  nodes: readonly NodeInfo[],
): PreFilterOutcome {
  let result: PreFilterResult | undefined;
  let returned: StatusResult;
  const withNodes = new Set<string>();
  const skipped = new Set<string>();
  for (const p of plugins) {
    const r = p.preFilter(state, pod, nodes);
    if (r instanceof Status && r.code === Code.Skip) {
      skipped.add(p.name);
    } else if (r instanceof Status && r.code !== Code.Success) {
      r.withPlugin(p.name);
      if (r.code === Code.UnschedulableAndUnresolvable) return done(undefined, r, new Set([p.name]));
      if (r.code !== Code.Unschedulable) return done(undefined, wrap(p.name, r), new Set());
      returned = r;
    } else if (r instanceof PreFilterResult) {
      withNodes.add(p.name);
      result = intersect(result, r);
      if (result.nodeNames.size === 0) return done(result, emptyResultStatus(withNodes), withNodes);
    }
  }
  state.skipFilterPlugins = skipped;
  return done(result, returned, returned ? new Set([...withNodes, returned.plugin]) : withNodes);

  function done(res: PreFilterResult | undefined, status: StatusResult, names: Set<string>): PreFilterOutcome {
    return { result: res, status, unschedulablePlugins: names };
  }
}

function wrap(plugin: string, s: Status): Status {
  return asStatus(new Error(`running PreFilter plugin "${plugin}": ${s.message()}`)).withPlugin(plugin);
}
