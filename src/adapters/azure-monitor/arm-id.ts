/** Azure Resource Manager ids as OTel resource attributes. */
import { setResource } from '../shared/attribute-sink.js';

/**
 * `/subscriptions/<sub>/resourceGroups/<rg>/providers/<ns>/<type>/<name>` → `cloud.resource_id`
 * (lowercased), `cloud.account.id`, and `host.name` / `service.name` / `k8s.cluster.name` for the
 * resource types that name one.
 */
export function armInto(r: Record<string, string>, id: string, max: number): void {
  const lowerId = id.toLowerCase();
  setResource(r, 'cloud.resource_id', lowerId, max);
  // One split of the lowercased id finds the segments; the original case is read from `id` itself.
  const lower = lowerId.split('/');
  const sub = lower.indexOf('subscriptions');
  if (sub >= 0) setResource(r, 'cloud.account.id', id.split('/', sub + 2)[sub + 1], max);
  const providers = lower.lastIndexOf('providers');
  // Only a top-level resource (`.../providers/<ns>/<type>/<name>`) names a host, service or cluster.
  if (providers < 0 || lower.length !== providers + 4) return;
  const name = id.slice(id.lastIndexOf('/') + 1);
  if (name === '') return;
  const type = `${lower[providers + 1] ?? ''}/${lower[providers + 2] ?? ''}`;
  if (type === 'microsoft.compute/virtualmachines') {
    setResource(r, 'host.name', name, max);
    setResource(r, 'cloud.platform', 'azure_vm', max);
  } else if (type === 'microsoft.web/sites') {
    setResource(r, 'service.name', name, max);
    setResource(r, 'cloud.platform', 'azure_app_service', max);
  } else if (type === 'microsoft.containerservice/managedclusters') {
    setResource(r, 'k8s.cluster.name', name, max);
    setResource(r, 'cloud.platform', 'azure_aks', max);
  }
}
