/**
 * Documents of the security review that exhausted the gateway before it had operation limits,
 * kept as the tests' and the benchmark's fixtures. Each is small to send and enormous (or slow)
 * to plan and run.
 */

/**
 * Named fragments, each spreading the one below it twice through `licenses { account { … } }`:
 * about 2 KB, 2^levels licenses once expanded, and as deep as 2 × levels + 1.
 */
export function fragmentDag(levels: number): string {
  const lines = ['fragment F0 on Account { id }'];
  for (let i = 1; i <= levels; i++) {
    lines.push(`fragment F${i} on Account { licenses { account { ...F${i - 1} } } a${i}: licenses { account { ...F${i - 1} } } }`);
  }
  return [`{ me { ...F${levels} } }`, ...lines].join('\n');
}

/**
 * The same doubling without depth: each fragment spreads the one below it twice at the same
 * level, so only the estimated cost (2^levels lists of licenses) can tell it apart from a small
 * query. A walk that re-walks a fragment at every spread takes 2^levels steps on it.
 */
export function flatFragmentDag(levels: number): string {
  const lines = ['fragment G0 on Account { licenses { id } }'];
  for (let i = 1; i <= levels; i++) lines.push(`fragment G${i} on Account { ...G${i - 1} ... on Account { ...G${i - 1} } }`);
  return [`{ me { ...G${levels} } }`, ...lines].join('\n');
}

/** `count` aliases of `me { <selection> }` in one query. */
export function aliasFlood(count: number, selection: string): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: me { ${selection} }`).join(' ')} }`;
}

/** `me { licenses { order { account { … } } } }` nested `times` times (cycles through three subgraphs). */
export function nestedCycle(times: number): string {
  let inner = 'id';
  for (let i = 0; i < times; i++) inner = `licenses { order { account { ${inner} } } }`;
  return `{ me { ${inner} } }`;
}

/** The attacks as reported, by name. */
export const ATTACKS: Record<string, string> = {
  'fragment DAG of 20 levels': fragmentDag(20),
  '2,000 aliases of me { licenses { id } }': aliasFlood(2000, 'licenses { id }'),
  '2,000 aliases of me { licenses { order { account { licenses { id } } } } }': aliasFlood(2000, 'licenses { order { account { licenses { id } } } }'),
  'me { licenses { order { account { … } } } } nested ten times': nestedCycle(10),
  'flat fragment DAG of 30 levels': flatFragmentDag(30),
};
