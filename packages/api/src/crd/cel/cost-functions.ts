/**
 * Estimated costs of CEL function calls: cel-go's own (checker/cost.go functionCost: string
 * traversals, regexes, `in`, equality) and Kubernetes' library estimates (k8s.io/apiserver
 * pkg/cel/library cost.go EstimateCallCost). Each returns the call's own cost (the caller adds
 * its arguments' costs) and, where cel-go derives one, the size of the result.
 */
import { add, COST, fixed, MAX_UINT64, multiply, times, type Range } from './cost-model.js';

/** What an estimator knows about a call operand. */
export interface Operand {
  /** The size estimate of the operand's value (string length, list items, ...). */
  size: () => Range;
  /** cel-js's type name of the operand (`string`, `list<string>`, `net.IP`, ...), `dyn` if unknown. */
  type: string;
  /** The size of a list operand's items (strings), if known. */
  itemSize?: () => Range | undefined;
  /** The operand's literal value, if it is one. */
  literal?: unknown;
}

/** A call's own cost and, if derived, its result size. */
export interface CallCost {
  cost: Range;
  size?: Range | undefined;
}

const T = COST.stringTraversalFactor;
const R = COST.regexStringLengthFactor;
const one: CallCost = { cost: fixed(1) };
const MAX_NAME_FORMAT_REGEX_SIZE = 128;

const isText = (t: string) => t === 'string' || t === 'bytes';
const isList = (t: string) => t.startsWith('list');

function listTraversal(target: Operand): CallCost {
  if (!isList(target.type)) return { cost: times(target.size(), T) };
  const item = target.itemSize?.();
  const perItem = item === undefined ? fixed(1) : add(fixed(1), times(item, T));
  return { cost: multiply(target.size(), perItem) };
}

function regexCost(target: Operand, pattern: Operand): CallCost {
  const str = times(add(target.size(), fixed(1)), T);
  return { cost: multiply(str, times(pattern.size(), R)), size: { min: 0, max: target.size().max } };
}

function replaceCost(target: Operand, from: Operand, to: Operand): CallCost {
  const sz = target.size();
  const f = from.size();
  const w = to.size();
  const [count, retained] =
    f.min === 0
      ? [sz.max < MAX_UINT64 ? sz.max + 1 : sz.max, sz.max]
      : w.max <= f.min
        ? [0, sz.max]
        : [Math.ceil(sz.max / f.min), 0];
  return { cost: times(sz, 2 * T), size: { min: 0, max: Math.min(MAX_UINT64, count * w.max + retained) } };
}

function splitCost(target: Operand, limit: Operand | undefined): CallCost {
  const sz = target.size();
  const max = typeof limit?.literal === 'bigint' ? Number(limit.literal) : sz.max;
  return { cost: times(sz, 2 * T), size: { min: 0, max } };
}

function joinCost(target: Operand, sep: Operand | undefined): CallCost {
  const list = target.size();
  const item = target.itemSize?.();
  let sz = item === undefined ? fixed(0) : multiply(list, item);
  if (sep) sz = add(sz, multiply(sep.size(), { min: Math.max(0, list.min - 1), max: Math.max(0, list.max - 1) }));
  return { cost: times(sz, T), size: sz };
}

const IP_SIZE: Range = { min: 4, max: 16 };

function containsCost(name: string, arg: Operand): CallCost {
  let cost = times(add(IP_SIZE, IP_SIZE), T);
  if (name === 'containsCIDR') cost = add(cost, times(IP_SIZE, T), fixed(1));
  if (arg.type === 'string') cost = add(cost, times(arg.size(), T));
  return { cost };
}

type Estimator = (target: Operand | undefined, args: Operand[]) => CallCost | undefined;

/** The traversal of the (string) argument. */
const stringArg =
  (factor: number): Estimator =>
  (_t, [a]) =>
    a ? { cost: times(a.size(), factor) } : undefined;
/** The traversal of the (string) target, its result as long as the target. */
const onTarget: Estimator = (t) => (t ? { cost: times(t.size(), T), size: t.size() } : undefined);
/** Each element of the target list compared once (strings traversed). */
const overList: Estimator = (t) => (t ? listTraversal(t) : undefined);
/** Each element of one set looked up in the other. */
const setPair: Estimator = (_t, [a, b]) => (a && b ? { cost: multiply(a.size(), b.size()) } : undefined);

const ESTIMATORS: Record<string, Estimator> = {
  startsWith: stringArg(T),
  endsWith: stringArg(T),
  contains: (t, [a]) =>
    t && a && isText(t.type) ? { cost: multiply(times(t.size(), T), times(a.size(), T)) } : undefined,
  matches: (t, [a]) => (t && a ? { cost: multiply(times(add(t.size(), fixed(1)), T), times(a.size(), R)) } : undefined),
  format: (t) => (t ? { cost: times(t.size(), T) } : undefined),
  quote: (_t, [a]) =>
    a ? { cost: times(a.size(), T), size: { min: a.size().min + 2, max: a.size().max * 2 + 2 } } : undefined,
  isSorted: overList,
  sum: overList,
  min: overList,
  max: overList,
  indexOf: overList,
  lastIndexOf: overList,
  url: (_t, [a]) => (a ? { cost: times(a.size(), T), size: a.size() } : undefined),
  lowerAscii: onTarget,
  upperAscii: onTarget,
  substring: onTarget,
  trim: onTarget,
  replace: (t, [a, b]) => (t && a && b ? replaceCost(t, a, b) : undefined),
  split: (t, [, n]) => (t ? splitCost(t, n) : undefined),
  join: (t, [sep]) => (t ? joinCost(t, sep) : undefined),
  find: (t, [a]) => (t && a ? regexCost(t, a) : undefined),
  findAll: (t, [a]) => (t && a ? regexCost(t, a) : undefined),
  cidr: stringArg(T),
  isIP: stringArg(T),
  isCIDR: stringArg(T),
  quantity: stringArg(T),
  isQuantity: stringArg(T),
  ip: (t, [a]) => (t === undefined && a ? { cost: times(a.size(), T) } : one),
  'ip.isCanonical': stringArg(2 * T),
  containsIP: (_t, [a]) => (a ? containsCost('containsIP', a) : undefined),
  containsCIDR: (_t, [a]) => (a ? containsCost('containsCIDR', a) : undefined),
  validate: (_t, [a]) => (a ? { cost: times(times(a.size(), T), MAX_NAME_FORMAT_REGEX_SIZE * R) } : undefined),
  'sets.contains': setPair,
  'sets.equivalent': setPair,
  'sets.intersects': setPair,
};

/** The estimated cost of calling `name` (`ns.name` for namespaced functions) on `target` with `args`. */
export function callCost(name: string, target: Operand | undefined, args: Operand[]): CallCost {
  return ESTIMATORS[name]?.(target, args) ?? one;
}

const O1_EQUALITY = new Set(['net.IP', 'net.CIDR', 'kubernetes.Quantity', 'kubernetes.URL']);

/** `==`/`!=` and ordering of strings and bytes: the shorter operand's traversal (cel-go's Equals estimate). */
export function comparisonCost(op: string, left: Operand, right: Operand): CallCost {
  const equality = op === '==' || op === '!=';
  if (equality && left.type === right.type && O1_EQUALITY.has(left.type)) return one;
  if (!equality && !isText(left.type)) return one;
  const smallest = Math.min(left.size().max, right.size().max);
  return { cost: times({ min: smallest > 0 ? 1 : 0, max: smallest }, T) };
}

/** `+`: strings and bytes cost their joint traversal, lists 1; the result's size is the sum. */
export function addCost(left: Operand, right: Operand): CallCost {
  if (!isText(left.type) && !isList(left.type)) return one;
  const size = add(left.size(), right.size());
  return { cost: isList(left.type) ? fixed(1) : times(size, T), size };
}
