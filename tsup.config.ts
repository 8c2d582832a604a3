import { defineConfig } from 'tsup';

// rxjs is a peer: bundling it would ship a second Observable class.
const external = ['rxjs', 'date-fns', 'lru-cache', 'ml-kmeans'];

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    // Keep the CLI bundle below: both builds run in parallel and write into dist/.
    clean: ['!cli.js', '!cli.js.map'],
    target: 'node20',
    treeshake: true,
    external,
  },
  {
    // The `rcaflow` bin: ESM only, one file (no shared chunks for the library's clean to remove).
    // It bundles the scenario generator from benchmarks/scenarios/ so that `rcaflow generate` works
    // from the published package; the shebang comes from src/cli/main.ts.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    splitting: false,
    clean: false,
    target: 'node20',
    external,
  },
]);
