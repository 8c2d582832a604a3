// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const gcpMonitoringAdapter: Adapter = {
  id: 'gcp-monitoring',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'gcp-monitoring adapter not built yet'),
};
