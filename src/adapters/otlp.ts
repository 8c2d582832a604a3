// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const otlpAdapter: Adapter = {
  id: 'otlp',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'otlp adapter not built yet'),
};
