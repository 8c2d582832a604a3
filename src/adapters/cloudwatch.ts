// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const cloudwatchAdapter: Adapter = {
  id: 'cloudwatch',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'cloudwatch adapter not built yet'),
};
