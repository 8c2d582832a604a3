import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  treeshake: true,
  // rxjs is a peer: bundling it would ship a second Observable class.
  external: ['rxjs', 'date-fns', 'lru-cache', 'ml-kmeans'],
});
