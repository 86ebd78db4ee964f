/**
 * Running counts of the pods each controller owns, kept by the pod informer's events, so a
 * replica owner's sync costs what changed since the last one rather than a read of each of its
 * pods. kube's ReplicaSet sync reads every pod of the set each time; at 10,000 pods that is
 * most of a busy controller manager's time, and each read of a scattered pod misses the CPU
 * cache. The counts give the same status: a property test checks them against the full read.
 */
import type { Pod } from '@wheelhouse/api';
import { type EventHandler, type Served, controllerOf, matchLabels, objectKey } from '@wheelhouse/client';
import { type ParsedLabelSelector, matchesLabels } from '@wheelhouse/machinery';
import { type CachedPod, isPodActive, isPodReady } from './pod-status.js';

/** One owned pod as last seen, with what was found of it against its owner's selector and template. */
interface Member {
  pod: CachedPod;
  active: boolean;
  /** Active and Ready. */
  ready: boolean;
  /** The owner's selector matches it; undefined until checked. */
  matches?: boolean;
  /** It carries every label of the owner's template; undefined until checked. */
  fullyLabeled?: boolean;
}

/** The labels and selector a check was made against. */
export interface OwnerShape {
  selector: ParsedLabelSelector;
  /** The owner's pod template labels. */
  templateLabels: Readonly<Record<string, string>>;
}

/**
 * The pods whose controller reference names one owner uid. `active` and `ready` follow every
 * event; the selector and template checks are brought up to date by {@link check} for the pods
 * that changed since the previous check (all of them when the owner's shape changed).
 */
export class OwnerTally {
  private readonly members = new Map<string, Member>();
  private readonly unchecked = new Set<string>();
  private readonly mismatched = new Set<string>();
  private shapeKey: string | undefined;
  private activeCount = 0;
  private readyCount = 0;
  private fullyLabeledCount = 0;

  /** How many pods the owner's controller reference names, active or not. */
  get size(): number {
    return this.members.size;
  }

  /** Active pods (not finished, not being deleted). */
  get active(): number {
    return this.activeCount;
  }

  /** Active pods that are Ready. */
  get ready(): number {
    return this.readyCount;
  }

  /** Active pods with every template label, as of the last {@link check}. */
  get fullyLabeled(): number {
    return this.fullyLabeledCount;
  }

  /** Active pods the selector does not match, as of the last {@link check} (they are to be released). */
  get mismatches(): number {
    return this.mismatched.size;
  }

  /** The active pods, in no particular order. */
  activePods(): CachedPod[] {
    return this.podsWhere('active');
  }

  /** The active Ready pods, in no particular order. */
  readyPods(): CachedPod[] {
    return this.podsWhere('ready');
  }

  private podsWhere(flag: 'active' | 'ready'): CachedPod[] {
    const out: CachedPod[] = [];
    for (const m of this.members.values()) if (m[flag]) out.push(m.pod);
    return out;
  }

  /** Brings the selector and template checks up to date against `shape`. */
  check(shape: OwnerShape): void {
    const key = JSON.stringify([shape.selector, shape.templateLabels]);
    if (key !== this.shapeKey) {
      this.shapeKey = key;
      this.mismatched.clear();
      this.fullyLabeledCount = 0;
      for (const [k, m] of this.members) {
        m.matches = m.fullyLabeled = undefined;
        this.unchecked.add(k);
      }
    }
    if (this.unchecked.size === 0) return;
    const fully = matchLabels(shape.templateLabels);
    for (const k of this.unchecked) {
      const m = this.members.get(k)!;
      m.matches = matchesLabels(shape.selector, m.pod.metadata.labels);
      m.fullyLabeled = fully(m.pod);
      if (!m.active) continue;
      if (!m.matches) this.mismatched.add(k);
      if (m.fullyLabeled) this.fullyLabeledCount++;
    }
    this.unchecked.clear();
  }

  /** Records `pod` under `key`. */
  add(key: string, pod: CachedPod): void {
    const active = isPodActive(pod);
    const m: Member = { pod, active, ready: active && isPodReady(pod) };
    this.members.set(key, m);
    this.unchecked.add(key);
    if (m.active) this.activeCount++;
    if (m.ready) this.readyCount++;
  }

  /** Forgets the pod under `key`. */
  remove(key: string): void {
    const m = this.members.get(key);
    if (!m) return;
    this.members.delete(key);
    this.unchecked.delete(key);
    this.mismatched.delete(key);
    if (m.active) this.activeCount--;
    if (m.ready) this.readyCount--;
    if (m.active && m.fullyLabeled) this.fullyLabeledCount--;
  }
}

/** The {@link OwnerTally} of every owner uid some cached pod's controller reference names. */
export class OwnedPodTally {
  private readonly owners = new Map<string, OwnerTally>();

  /** The tally of the owner with `uid`; undefined when no cached pod names it. */
  of(uid: string | undefined): OwnerTally | undefined {
    return uid === undefined ? undefined : this.owners.get(uid);
  }

  /** The pod informer handler that keeps the tallies. Register it once. */
  handler(): EventHandler<Served<Pod>> {
    return {
      onAdd: (pod) => this.add(pod),
      onUpdate: (old, cur) => {
        this.remove(old);
        this.add(cur);
      },
      onDelete: (pod) => this.remove(pod),
    };
  }

  private add(pod: CachedPod): void {
    const uid = controllerOf(pod)?.uid;
    if (!uid) return;
    let tally = this.owners.get(uid);
    if (!tally) this.owners.set(uid, (tally = new OwnerTally()));
    tally.add(objectKey(pod), pod);
  }

  private remove(pod: CachedPod): void {
    const uid = controllerOf(pod)?.uid;
    const tally = this.of(uid);
    if (!tally) return;
    tally.remove(objectKey(pod));
    if (tally.size === 0) this.owners.delete(uid!);
  }
}
