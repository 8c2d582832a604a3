// PLACEHOLDER: replaced by the real adapter during this session. Do not commit as is.
import type { Adapter } from './shared/adapter.js';
import { fail } from './shared/adapter.js';

export const zabbixAdapter: Adapter = {
  id: 'zabbix',
  detect: () => false,
  normalize: () => fail('unsupported', [], 'zabbix adapter not built yet'),
};
