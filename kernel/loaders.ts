import DataLoader from 'dataloader';

/**
 * A DataLoader keyed by id that answers in the order of the keys, with `null` for ids that
 * have no row. `fetch` runs one statement for the whole batch.
 */
export function byIdLoader<T>(fetch: (ids: readonly string[]) => Promise<T[]>, idOf: (row: T) => string): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await fetch(ids);
    const map = new Map(rows.map((row) => [idOf(row), row]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** A DataLoader from a parent id to all its children, one statement per batch. */
export function groupLoader<T>(fetch: (ids: readonly string[]) => Promise<T[]>, parentOf: (row: T) => string): DataLoader<string, T[]> {
  return new DataLoader(async (ids) => {
    const rows = await fetch(ids);
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const key = parentOf(row);
      const list = groups.get(key);
      if (list) list.push(row);
      else groups.set(key, [row]);
    }
    return ids.map((id) => groups.get(id) ?? []);
  });
}
