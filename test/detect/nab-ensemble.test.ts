/**
 * Regression guard for the headline claim: the default detector, run over the whole NAB corpus as
 * the benchmark runs it, scores above Numenta's HTM on all three profiles. Skipped, with a
 * warning, when the dataset is missing. (Speed is measured by benchmarks/nab, not here.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, loadProfiles, NAB_DIR, PROFILES, probationaryLength } from '../../benchmarks/nab/corpus.js';
import { normalizeScore, scoreCorpus } from '../../benchmarks/nab/scorer.js';
import { createDetector } from '../../src/detect/create-detector.js';

const HAVE_NAB = existsSync(join(NAB_DIR, 'data'));
if (!HAVE_NAB) console.warn(`NAB dataset not found at ${NAB_DIR}: skipping the ensemble's NAB regression test`);

describe.skipIf(!HAVE_NAB)('ensemble on NAB', () => {
  it('beats Numenta HTM on standard, low-FP and low-FN, with its optimal threshold near 0.5', () => {
    const files = loadCorpus();
    const profiles = loadProfiles();
    const board = JSON.parse(readFileSync(join(NAB_DIR, 'results/final_results.json'), 'utf8')) as Record<string, Record<string, number>>;
    const scored = files.map((f) => {
      const probationLength = probationaryLength(f.values.length);
      const d = createDetector('ensemble', { warmup: Math.max(1, probationLength) });
      const scores = new Float64Array(f.values.length);
      for (let i = 0; i < scores.length; i++) scores[i] = d.update(f.timestamps[i] as number, f.values[i] as number);
      return { key: f.key, timestamps: f.timestamps, scores, windows: f.windows, probationLength };
    });
    for (const p of PROFILES) {
      const cost = profiles[p];
      const nullRaw = -116 * cost.fnWeight;
      const result = scoreCorpus(scored, cost);
      const got = normalizeScore(result.raw, nullRaw, 116 * cost.tpWeight);
      expect(got, p).toBeGreaterThan(board.numenta?.[p] as number);
      // ENSEMBLE_CALIBRATION puts the standard profile's operating point at a score of 0.5, the
      // default alarm threshold of detectOutliers.
      if (p === 'standard') expect(Math.abs(result.threshold - 0.5)).toBeLessThan(0.05);
    }
  }, 120_000);
});
