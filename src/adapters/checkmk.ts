// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const checkmkAdapter: Adapter = {
  id: 'checkmk',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'checkmk adapter not built yet'),
};
