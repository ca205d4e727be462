/**
 * Runs `fn` for 0…count-1 with at most `limit` at once. The first failure stops new work and is
 * thrown once the work in flight has ended, so nothing runs on after the caller has its answer
 * (a task that failed has done exactly what its record says, plus what its re-run will find).
 */
export async function eachConcurrently(count: number, limit: number, fn: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (!failure && next < count) {
        const index = next++;
        try {
          await fn(index);
        } catch (error) {
          failure ??= { error };
        }
      }
    }),
  );
  if (failure) throw failure.error;
}
