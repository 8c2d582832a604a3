// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const cloudeventsAdapter: Adapter = {
  id: 'cloudevents',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'cloudevents adapter not built yet'),
};
