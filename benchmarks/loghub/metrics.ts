/**
 * Parsing metrics as logparser's evaluator and Loghub-2.0 define them (described in the dataset's
 * SOURCE.md): rows with an empty true event id are left out.
 */

/** Grouping accuracy: share of lines whose predicted group is exactly one true group. */
export function groupingAccuracy(truth: readonly string[], predicted: readonly string[]): number {
  const byPred = new Map<string, number[]>();
  const trueSize = new Map<string, number>();
  let n = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i] as string;
    if (t === '') continue;
    n++;
    trueSize.set(t, (trueSize.get(t) ?? 0) + 1);
    const p = predicted[i] as string;
    const list = byPred.get(p);
    if (list === undefined) byPred.set(p, [i]);
    else list.push(i);
  }
  let correct = 0;
  for (const members of byPred.values()) {
    const t = truth[members[0] as number] as string;
    if (trueSize.get(t) === members.length && members.every((i) => truth[i] === t)) correct += members.length;
  }
  return n === 0 ? 0 : correct / n;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** Parsing accuracy: share of lines whose predicted template text equals the true one (whitespace-normalized). */
export function parsingAccuracy(truthIds: readonly string[], truthTemplates: readonly string[], predicted: readonly string[]): number {
  let n = 0;
  let ok = 0;
  for (let i = 0; i < truthTemplates.length; i++) {
    if (truthIds[i] === '') continue;
    n++;
    if (norm(truthTemplates[i] as string) === norm(predicted[i] as string)) ok++;
  }
  return n === 0 ? 0 : ok / n;
}
