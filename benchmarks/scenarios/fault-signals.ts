/**
 * The discrete signals of crash loops and OOM kills that are not metric samples: Kubernetes Events,
 * the kernel's OOM line in the node's syslog, and kube-state-metrics' KubePodCrashLooping alert
 * (which fires after its 15 minute `for`, naming pod/namespace/container but no service).
 */
import type { AlertEpisode } from './alertmanager-sim.js';
import { episode, RULES } from './alert-rules.js';
import type { Emitter } from './emitter.js';
import type { FaultPlan } from './faults.js';
import type { Infrastructure } from './infrastructure.js';
import type { K8sEventWriter } from './k8s-events.js';
import { syslog3164 } from './payloads.js';
import type { Rng } from './prng.js';

const MIN = 60_000;

/**
 * Emits crash-loop and OOM signals for every fault that has them; returns alert episodes.
 *
 * @example
 * ```ts
 * const episodes = emitFaultSignals(rng, infra, faults, k8s, out, ksmInstance);
 * ```
 */
export function emitFaultSignals(rng: Rng, infra: Infrastructure, faults: readonly FaultPlan[], k8s: K8sEventWriter, out: Emitter, ksmInstance: string): AlertEpisode[] {
  const episodes: AlertEpisode[] = [];
  for (const f of faults) {
    const svc = infra.byName.get(f.rootService);
    if (!svc) continue;
    const pod = svc.instances.find((i) => f.rootInstances.includes(i.name));
    if (!pod) continue;
    if (f.type === 'crash-loop') {
      k8s.crashLoop(svc, pod, f.crashes, f.restarts, f.id);
      // kube-state-metrics sees CrashLoopBackOff from the second crash on; the alert needs 15 minutes of it.
      const waitingFrom = f.crashes[1] ?? f.start;
      const fires = waitingFrom + 15 * MIN;
      if (fires < f.end) {
        const [l, a, e] = RULES.crashLooping(pod.name, svc.namespace, svc.container, ksmInstance);
        episodes.push(episode(l, a, e, fires, f.end + rng.int(1, 5) * MIN, f.id));
      }
    } else if (f.type === 'memory-leak') {
      f.crashes.forEach((c, i) => {
        const restart = f.restarts[i] ?? c + 30_000;
        const pid = rng.int(1000, 60000);
        const rssKb = Math.round(svc.baseline.memLimitMiB * 1024 * rng.range(0.97, 0.995));
        // The kernel's own line, as the node's rsyslog forwards it (RFC 3164, facility kern).
        out.single('syslog', c, c + rng.int(20, 600), syslog3164(0, 3, c, pod.node, 'kernel', undefined, `[${(rng.range(1e5, 9e6)).toFixed(6)}] Memory cgroup out of memory: Killed process ${pid} (java) total-vm:${rssKb + 1_800_000}kB, anon-rss:${rssKb}kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:${rng.int(1500, 4000)}kB oom_score_adj:${rng.int(900, 999)}`), f.id);
        k8s.oomKill(svc, pod, c, restart, pid, rssKb, f.id);
      });
    }
  }
  return episodes;
}
