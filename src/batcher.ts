// Group commit in process: work items that arrive while a batch is running wait (a couple of
// milliseconds at most) and go together in the next one, so many callers share one round of
// statements. With nothing in flight an item goes at once (in the same tick as its neighbours).

export interface BatcherOptions<I> {
  /** How long an item waits for company while batches are running. */
  maxWaitMs?: number;
  /** A batch starts as soon as its items weigh this much (while maxInFlight batches run, the waiting ones can add up to more). */
  maxWeight?: number;
  /** Batches running at once; the next one keeps growing meanwhile. */
  maxInFlight?: number;
  /** An item's weight (default 1). */
  weigh?: (item: I) => number;
}

/** Returns a function that resolves with the item's own result; a failed batch rejects each of its items. */
export function createBatcher<I, R>(run: (items: I[]) => Promise<R[]>, options: BatcherOptions<I> = {}): (item: I) => Promise<R> {
  const maxWaitMs = options.maxWaitMs ?? 2;
  const maxWeight = options.maxWeight ?? 100;
  const maxInFlight = options.maxInFlight ?? 4;
  const weigh = options.weigh ?? (() => 1);
  let pending: { item: I; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  let pendingWeight = 0;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  let inFlight = 0;

  const flush = () => {
    clearTimeout(timer);
    clearImmediate(immediate);
    timer = undefined;
    immediate = undefined;
    if (pending.length === 0 || inFlight >= maxInFlight) return;
    const batch = pending;
    pending = [];
    pendingWeight = 0;
    inFlight += 1;
    run(batch.map((entry) => entry.item))
      .then(
        (results) => batch.forEach((entry, i) => entry.resolve(results[i]!)),
        (error: unknown) => batch.forEach((entry) => entry.reject(error)),
      )
      .finally(() => {
        inFlight -= 1;
        flush();
      });
  };

  return (item) =>
    new Promise<R>((resolve, reject) => {
      pending.push({ item, resolve, reject });
      pendingWeight += weigh(item);
      if (pendingWeight >= maxWeight) flush();
      else if (inFlight === 0) immediate ??= setImmediate(flush);
      else timer ??= setTimeout(flush, maxWaitMs);
    });
}
