// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const syslogAdapter: Adapter = {
  id: 'syslog',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'syslog adapter not built yet'),
};
