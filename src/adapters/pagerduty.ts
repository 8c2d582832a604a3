// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const pagerdutyAdapter: Adapter = {
  id: 'pagerduty',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'pagerduty adapter not built yet'),
};
