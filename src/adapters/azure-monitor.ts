// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const azureMonitorAdapter: Adapter = {
  id: 'azure-monitor',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'azure-monitor adapter not built yet'),
};
