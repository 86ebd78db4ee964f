/**
 * Waiting on the cluster without hiding failures: every tick checks that no component has
 * exited (throwing with its last output), prints progress every 5 s (with each component's
 * share of a core since the previous print), and gives up with every
 * component's last output when nothing has moved for the stall limit or the deadline passes.
 */
import { type Component, assertAlive, lastOutput } from './components.js';
import { type CpuMark, markCpu } from './usage.js';

/** How long a wait may take. */
export interface WaitLimits {
  /** Give up when the progress line has not changed for this long. */
  stallSeconds: number;
  /** Give up after this long in any case. */
  timeoutSeconds: number;
}

const TICK_MS = 100;
const PRINT_EVERY_MS = 5000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function giveUp(why: string, progress: string, components: Component[]): Error {
  return new Error(`${why}; last progress: ${progress}\n${components.map((c) => lastOutput(c)).join('')}`);
}

/**
 * Each component's share of a core between two marks `ms` apart, e.g. "store 31%, apiserver 88%"
 * (CPU marks, or waits for a CPU).
 */
export function shares(from: CpuMark, to: CpuMark, ms: number): string {
  return [...to].map(([name, s]) => `${name} ${((100_000 * (s - from.get(name)!)) / ms).toFixed(0)}%`).join(', ');
}

/**
 * Calls `done` every 100 ms until it returns true. `progress` describes the state; a change
 * in it counts as progress. Throws if a component exits, on a stall, or at the deadline.
 */
export async function waitFor(
  what: string,
  done: () => Promise<boolean>,
  progress: () => string,
  components: Component[],
  limits: WaitLimits,
): Promise<void> {
  const start = Date.now();
  let last = progress();
  let changed = start;
  let printed = start;
  let cpu = markCpu(components);
  while (!(await done())) {
    assertAlive(components);
    const now = Date.now();
    const p = progress();
    if (p !== last) [last, changed] = [p, now];
    if (now - changed > limits.stallSeconds * 1000)
      throw giveUp(`stalled for ${limits.stallSeconds} s waiting for ${what}`, p, components);
    if (now - start > limits.timeoutSeconds * 1000)
      throw giveUp(`timed out after ${limits.timeoutSeconds} s waiting for ${what}`, p, components);
    if (now - printed >= PRINT_EVERY_MS) {
      const mark = markCpu(components);
      console.log(
        `  ${((now - start) / 1000).toFixed(0).padStart(4)} s: ${p}; CPU ${shares(cpu, mark, now - printed)}`,
      );
      [cpu, printed] = [mark, now];
    }
    await sleep(TICK_MS);
  }
}
