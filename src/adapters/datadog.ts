// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const datadogAdapter: Adapter = {
  id: 'datadog',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'datadog adapter not built yet'),
};
