// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const ecsAdapter: Adapter = {
  id: 'ecs',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'ecs adapter not built yet'),
};
