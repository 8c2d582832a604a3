// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const alertmanagerAdapter: Adapter = {
  id: 'alertmanager',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'alertmanager adapter not built yet'),
};
