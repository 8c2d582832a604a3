/**
 * Reading the `--config` and `--topology` files of `rcaflow replay`. A file that cannot be read is
 * a usage error (exit 1); one that is not the expected JSON is bad configuration (exit 2).
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { BadConfigError, UsageError } from './io.js';

/** Service dependency edges: `from` calls `to`. */
export interface TopologyFile {
  edges: { from: string; to: string }[];
}

async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new BadConfigError(`${what} file ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Reads an engine configuration file: a JSON object of `EngineOptions`.
 *
 * @example
 * ```ts
 * const options = await readConfigFile('config.json'); //=> { eventTime: { allowedLateness: '2m' } }
 * ```
 */
export async function readConfigFile(path: string): Promise<Record<string, unknown>> {
  const json = await readJsonFile(path, 'config');
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new BadConfigError(`config file ${path} must hold a JSON object of engine options`);
  return json as Record<string, unknown>;
}

/**
 * Reads a topology file `{"edges": [{"from": "frontend", "to": "checkout"}, ...]}`.
 *
 * @example
 * ```ts
 * (await readTopologyFile('topo.json')).edges[0] //=> { from: 'frontend', to: 'checkout' }
 * ```
 */
export async function readTopologyFile(path: string): Promise<TopologyFile> {
  const json = await readJsonFile(path, 'topology');
  const edges = typeof json === 'object' && json !== null ? (json as { edges?: unknown }).edges : undefined;
  if (!Array.isArray(edges)) throw new BadConfigError(`topology file ${path} must be {"edges": [{"from": "...", "to": "..."}, ...]}`);
  const out: TopologyFile['edges'] = [];
  edges.forEach((e: unknown, i) => {
    const from = typeof e === 'object' && e !== null ? (e as { from?: unknown }).from : undefined;
    const to = typeof e === 'object' && e !== null ? (e as { to?: unknown }).to : undefined;
    if (typeof from !== 'string' || from === '' || typeof to !== 'string' || to === '') {
      throw new BadConfigError(`topology file ${path}: edges[${i}] must have non-empty string "from" and "to"`);
    }
    out.push({ from, to });
  });
  return { edges: out };
}
