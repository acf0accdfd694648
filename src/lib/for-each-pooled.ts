/**
 * Runs `fn` over `items`, at most `n` at a time (bounded parallelism: many small `_id` lookups
 * overlap their round trips without flooding the database's connection pool).
 */
export async function forEachPooled<T>(items: readonly T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}
