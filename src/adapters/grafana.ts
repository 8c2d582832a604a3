// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const grafanaAdapter: Adapter = {
  id: 'grafana',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'grafana adapter not built yet'),
};
