/**
 * The fault-injection scenario generator: the ground truth for correlation (issue 6) and
 * root-cause ranking (issue 7) benchmarks and tests.
 *
 * @example
 * ```ts
 * import { generateScenario, createTruthLookup } from '../benchmarks/scenarios/index.js';
 * const s = generateScenario({ seed: 1 });
 * const faultOf = createTruthLookup(s.truth);
 * ```
 */
export { generateScenario, summarizeScenario, writeScenario } from './scenario.js';
export type { Scenario, ScenarioOptions, ScenarioSummary } from './scenario.js';
export { createTruthLookup, eventKeyOf } from './truth.js';
export type { ScenarioTruth, FaultTruth, RootTruth, AffectedTruth, LineTruth, EventRef, ChangeTruth, ScenarioSource } from './truth.js';
export { FAULT_TYPES } from './faults.js';
export type { FaultType, RootVisibility } from './faults.js';
export { TOPOLOGY_FAMILIES } from './topology.js';
export type { TopologyFamily, Edge } from './topology.js';
export { createRng } from './prng.js';
export type { Rng } from './prng.js';
