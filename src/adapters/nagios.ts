// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const nagiosAdapter: Adapter = {
  id: 'nagios',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'nagios adapter not built yet'),
};
