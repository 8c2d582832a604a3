// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const k8sAdapter: Adapter = {
  id: 'k8s',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'k8s adapter not built yet'),
};
