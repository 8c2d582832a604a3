import { ConfigError } from '../errors.js';
import { resolveMasking, type ResolvedMasking } from './mask.js';
import type { TemplateMinerOptions } from './types.js';

/** Miner options with every default filled in. Not exported from the package. */
export interface Settings {
  masking: ResolvedMasking;
  distinctValues: number;
  minConstantShare: number;
  minSkeletonWords: number;
  maxTemplates: number;
  maxLineShapes: number;
  maxRedirects: number;
  maxLineLength: number;
  maxWords: number;
}

const KNOWN = [
  'masking', 'distinctValues', 'minConstantShare', 'minSkeletonWords', 'maxTemplates', 'maxLineShapes',
  'maxRedirects', 'maxLineLength', 'maxWords', 'onTemplateUpdated', 'restore',
];

function intOption(o: TemplateMinerOptions, key: keyof TemplateMinerOptions, fallback: number, min: number): number {
  const v = o[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new ConfigError(key, `must be an integer >= ${min}, got ${String(v)}`);
  return v;
}

/** Validates miner options (throws `ConfigError` naming the option) and fills in defaults. */
export function readSettings(o: TemplateMinerOptions): Settings {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ConfigError('options', 'must be an object');
  for (const k of Object.keys(o)) if (!KNOWN.includes(k)) throw new ConfigError(k, `is not a known option (known: ${KNOWN.join(', ')})`);
  const share = o.minConstantShare ?? 0.6;
  if (typeof share !== 'number' || !(share > 0 && share <= 1)) throw new ConfigError('minConstantShare', `must be a number in (0, 1], got ${String(share)}`);
  if (o.onTemplateUpdated !== undefined && typeof o.onTemplateUpdated !== 'function') throw new ConfigError('onTemplateUpdated', 'must be a function');
  return {
    masking: resolveMasking(o.masking),
    distinctValues: intOption(o, 'distinctValues', 5, 2),
    minConstantShare: share,
    minSkeletonWords: intOption(o, 'minSkeletonWords', 2, 0),
    maxTemplates: intOption(o, 'maxTemplates', 10_000, 1),
    maxLineShapes: intOption(o, 'maxLineShapes', 50_000, 1),
    maxRedirects: intOption(o, 'maxRedirects', 100_000, 1),
    maxLineLength: intOption(o, 'maxLineLength', 16_384, 16),
    maxWords: intOption(o, 'maxWords', 256, 2),
  };
}
