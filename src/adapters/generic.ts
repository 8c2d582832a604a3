// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const genericAdapter: Adapter = {
  id: 'generic',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'generic adapter not built yet'),
};
export type GenericMapping = Record<string, string>;
