/**
 * Kubernetes' CEL cost limits for CRD rules (k8s.io/apiserver pkg/apis/cel, apiextensions
 * validation): each rule's estimated cost times how many values it can run on must stay within
 * StaticEstimatedCostLimit, a CRD version's rules together within StaticEstimatedCRDCostLimit,
 * one evaluation within PerCallLimit and all the rules run on one object within
 * RuntimeCELCostBudget.
 */
import { forbidden, type FieldError } from '../../validation/field-errors.js';
import { costErrorMessage, saturate } from './cost-model.js';
import { MAX_REQUEST_SIZE_BYTES } from './schema-decl.js';

/** The most one evaluation of an expression may cost (celconfig.PerCallLimit). */
export const PER_CALL_LIMIT = 1_000_000;
/** The most all the rules run on one custom resource write may cost (celconfig.RuntimeCELCostBudget). */
export const RUNTIME_CEL_COST_BUDGET = 10_000_000;
/** The most a rule's estimated cost times its cardinality may be (StaticEstimatedCostLimit). */
export const STATIC_ESTIMATED_COST_LIMIT = 10_000_000;
/** The most the estimated costs of a schema's rules may sum to (StaticEstimatedCRDCostLimit). */
export const STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000;

/** How many values of a type with `minSize` serialized bytes a request can hold (kube's maxCardinality). */
export function maxCardinality(minSize: number): number {
  return Math.floor(MAX_REQUEST_SIZE_BYTES / (minSize + 1));
}

/** `a * b` saturating at 2^64-1. */
export function saturatingProduct(a: number, b: number): number {
  return saturate(a * b);
}

interface RuleCost {
  path: string;
  cost: number;
}

/** The estimated costs of one schema's rules (kube's TotalCost): their sum and the four most expensive. */
export class CostTotal {
  private total = 0;
  private readonly expensive: RuleCost[] = [];

  /** Adds a rule's (or messageExpression's) cost at `path`. */
  observe(path: string, cost: number): void {
    this.total = saturate(this.total + cost);
    if (cost < STATIC_ESTIMATED_CRD_COST_LIMIT / 100) return;
    this.expensive.push({ path, cost });
    this.expensive.sort((a, b) => b.cost - a.cost);
    this.expensive.splice(4);
  }

  /** kube's errors when the total is over budget: each of the most expensive rules, then the schema at `schemaPath`. */
  errors(schemaPath: string): FieldError[] {
    if (this.total <= STATIC_ESTIMATED_CRD_COST_LIMIT) return [];
    return [
      ...this.expensive.map((e) =>
        forbidden(e.path, 'contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema'),
      ),
      forbidden(
        schemaPath,
        costErrorMessage(
          'x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema',
          this.total,
          STATIC_ESTIMATED_CRD_COST_LIMIT,
        ),
      ),
    ];
  }
}

/** What the schema walk knows about a node's rules' cost: how many values it can have (undefined: unbounded) and the running total. */
export interface RuleCostContext {
  cardinality: number | undefined;
  total: CostTotal;
  /** Skip the per-rule limits (kube's suppressPerExpressionCost for an update leaving the schema as it was). */
  suppressPerExpressionCost?: boolean;
}
