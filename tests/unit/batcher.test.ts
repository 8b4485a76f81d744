import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createBatcher } from '../../src/batcher.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

type Settled<R> = { status: 'fulfilled'; value: R } | { status: 'rejected'; reason: unknown };

/** Attached at once, so that a rejection is never unhandled while the test looks elsewhere. */
function settle<R>(promise: Promise<R>): Promise<Settled<R>> {
  return promise.then(
    (value) => ({ status: 'fulfilled' as const, value }),
    (reason: unknown) => ({ status: 'rejected' as const, reason }),
  );
}

interface Batch<I, R> {
  items: I[];
  done: Deferred<R[]>;
  finished: boolean;
}

/** A batch function that the test finishes by hand: it records every batch and how many run at once. */
function controlledRun<I, R>() {
  const batches: Batch<I, R>[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const run = async (items: I[]): Promise<R[]> => {
    const batch: Batch<I, R> = { items: [...items], done: deferred<R[]>(), finished: false };
    batches.push(batch);
    running += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    const ready = waiters.filter((w) => batches.length >= w.count);
    waiters = waiters.filter((w) => batches.length < w.count);
    for (const waiter of ready) waiter.resolve();
    try {
      return await batch.done.promise;
    } finally {
      batch.finished = true;
      running -= 1;
    }
  };
  return {
    run,
    batches,
    /** The items of every batch run received, in the order the batches started. */
    items: () => batches.map((b) => b.items),
    /** Resolves once `count` batches have started. */
    started(count: number): Promise<void> {
      if (batches.length >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    get running() {
      return running;
    },
    get mostAtOnce() {
      return mostAtOnce;
    },
  };
}

/** One turn of the event loop: the batcher's own setImmediate, queued before, has run by then. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('createBatcher', () => {
  it('when an item arrives with nothing in flight, then it goes at once in a batch of its own', async () => {
    const h = controlledRun<string, string>();
    // A long wait for company: the lone item must not take it.
    const submit = createBatcher(h.run, { maxWaitMs: 60_000 });
    const result = submit('a');
    expect(h.batches).toHaveLength(0);
    await nextTurn();
    expect(h.items()).toEqual([['a']]);
    h.batches[0]!.done.resolve(['result a']);
    await expect(result).resolves.toBe('result a');
  });

  it('when several items arrive in the same tick with nothing in flight, then they go together in one batch', async () => {
    const h = controlledRun<string, string>();
    const submit = createBatcher(h.run, { maxWaitMs: 60_000 });
    const results = ['a', 'b', 'c'].map((item) => submit(item));
    await nextTurn();
    expect(h.items()).toEqual([['a', 'b', 'c']]);
    h.batches[0]!.done.resolve(['A', 'B', 'C']);
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C']);
  });

  it('when items arrive while a batch is in flight, then they go together in the next batch', async () => {
    const h = controlledRun<string, string>();
    const submit = createBatcher(h.run, { maxWaitMs: 2, maxInFlight: 4 });
    const first = submit('a');
    await h.started(1);
    const later = ['b', 'c', 'd'].map((item) => submit(item));
    await h.started(2);
    // The first batch is still running: the second went beside it, with all three items.
    expect(h.running).toBe(2);
    expect(h.items()).toEqual([['a'], ['b', 'c', 'd']]);
    h.batches[1]!.done.resolve(['B', 'C', 'D']);
    h.batches[0]!.done.resolve(['A']);
    expect(await Promise.all([first, ...later])).toEqual(['A', 'B', 'C', 'D']);
    await nextTurn();
    expect(h.batches).toHaveLength(2);
  });

  it('when items arrive over several ticks while maxInFlight batches run, then the next batch keeps growing and takes them all when one ends', async () => {
    const h = controlledRun<string, string>();
    const submit = createBatcher(h.run, { maxWaitMs: 1, maxInFlight: 1 });
    const first = submit('a');
    await h.started(1);
    const later = [submit('b')];
    await nextTurn();
    later.push(submit('c'));
    // Well past maxWaitMs: the waiting items may not start a batch while the only allowed one runs.
    await sleep(20);
    later.push(submit('d'));
    await sleep(20);
    expect(h.items()).toEqual([['a']]);
    h.batches[0]!.done.resolve(['A']);
    await h.started(2);
    expect(h.items()).toEqual([['a'], ['b', 'c', 'd']]);
    h.batches[1]!.done.resolve(['B', 'C', 'D']);
    expect(await Promise.all([first, ...later])).toEqual(['A', 'B', 'C', 'D']);
  });

  it('when items of weight 1 reach maxWeight, then a batch goes with exactly that many and the rest go in the next', async () => {
    const h = controlledRun<number, number>();
    const submit = createBatcher(h.run, { maxWeight: 3, maxInFlight: 10, maxWaitMs: 1 });
    const results = [1, 2, 3, 4, 5, 6, 7].map((item) => submit(item));
    // Full batches go as soon as they are full, in the same tick; the remainder, with batches now in
    // flight, waits maxWaitMs for company and then goes.
    expect(h.items()).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    await h.started(3);
    expect(h.items()).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    for (const batch of h.batches) batch.done.resolve(batch.items.map((n) => n * 10));
    expect(await Promise.all(results)).toEqual([10, 20, 30, 40, 50, 60, 70]);
  });

  it('when items are weighed, then a batch goes once its items weigh maxWeight and the next items start a new one', async () => {
    const h = controlledRun<{ id: string; weight: number }, string>();
    const submit = createBatcher(h.run, { maxWeight: 10, maxInFlight: 10, maxWaitMs: 1, weigh: (item) => item.weight });
    const items = [
      { id: 'a', weight: 5 },
      { id: 'b', weight: 5 },
      { id: 'c', weight: 3 },
      { id: 'd', weight: 3 },
      { id: 'e', weight: 4 },
      { id: 'f', weight: 2 },
    ];
    const results = items.map((item) => submit(item));
    expect(h.batches).toHaveLength(2);
    await h.started(3);
    const ids = h.items().map((batch) => batch.map((item) => item.id));
    expect(ids).toEqual([['a', 'b'], ['c', 'd', 'e'], ['f']]);
    for (const batch of h.items()) expect(batch.reduce((sum, item) => sum + item.weight, 0)).toBeLessThanOrEqual(10);
    for (const batch of h.batches) batch.done.resolve(batch.items.map((item) => item.id.toUpperCase()));
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
  });

  it('when more batches are due than maxInFlight allows, then no more than maxInFlight run at once and the waiting items go when one ends', async () => {
    const h = controlledRun<string, string>();
    const submit = createBatcher(h.run, { maxWaitMs: 1, maxInFlight: 2 });
    const results = [submit('a')];
    await h.started(1);
    results.push(submit('b'));
    await h.started(2);
    results.push(submit('c'), submit('d'));
    await sleep(20);
    expect(h.items()).toEqual([['a'], ['b']]);
    expect(h.running).toBe(2);
    h.batches[0]!.done.resolve(['A']);
    await h.started(3);
    expect(h.items()).toEqual([['a'], ['b'], ['c', 'd']]);
    expect(h.running).toBe(2);
    h.batches[1]!.done.resolve(['B']);
    h.batches[2]!.done.resolve(['C', 'D']);
    expect(await Promise.all(results)).toEqual(['A', 'B', 'C', 'D']);
    expect(h.mostAtOnce).toBe(2);
  });

  it('when items keep arriving while batches end in any order, then maxInFlight is never exceeded and every item gets its result', async () => {
    const maxInFlight = 3;
    const h = controlledRun<number, string>();
    const submit = createBatcher(h.run, { maxWaitMs: 1, maxInFlight, maxWeight: 4 });
    const results: Promise<Settled<string>>[] = [];
    const finish = (batch: Batch<number, string>) => batch.done.resolve(batch.items.map((n) => `r${n}`));
    let next = 0;
    for (let round = 0; round < 40; round += 1) {
      for (let k = 0; k < round % 6; k += 1) results.push(settle(submit(next++)));
      await nextTurn();
      if (round % 3 === 2) await sleep(2);
      // End one running batch, alternately the oldest and the newest.
      const open = h.batches.filter((b) => !b.finished);
      const pick = round % 2 === 0 ? open[0] : open[open.length - 1];
      if (pick !== undefined && round % 4 !== 3) finish(pick);
      expect(h.running).toBeLessThanOrEqual(maxInFlight);
    }
    let settledCount = 0;
    void Promise.all(results).then(() => (settledCount = results.length));
    while (settledCount < results.length) {
      for (const batch of h.batches) finish(batch);
      await sleep(1);
    }
    expect(h.mostAtOnce).toBe(maxInFlight);
    expect(await Promise.all(results)).toEqual(results.map((_, n) => ({ status: 'fulfilled', value: `r${n}` })));
    // Every item went in exactly one batch.
    expect(h.items().flat().sort((x, y) => x - y)).toEqual(results.map((_, n) => n));
  });

  it('when a batch resolves, then each caller gets the result at its own position', async () => {
    const h = controlledRun<string, string>();
    const submit = createBatcher(h.run, { maxInFlight: 4 });
    const [x, y, z] = ['x', 'y', 'z'].map((item) => submit(item));
    await h.started(1);
    const w = submit('w');
    await h.started(2);
    expect(h.items()).toEqual([['x', 'y', 'z'], ['w']]);
    // Results by position, whatever they contain.
    h.batches[1]!.done.resolve(['only']);
    h.batches[0]!.done.resolve(['first', 'second', 'third']);
    expect(await Promise.all([x!, y!, z!, w])).toEqual(['first', 'second', 'third', 'only']);
  });

  it('when a batch fails, then every item of that batch is rejected with its error and later batches still run', async () => {
    const h = controlledRun<string, string>();
    const submit = createBatcher(h.run, { maxWaitMs: 1, maxInFlight: 1 });
    const a = settle(submit('a'));
    await h.started(1);
    const b = settle(submit('b'));
    const c = settle(submit('c'));
    const firstError = new Error('first batch failed');
    h.batches[0]!.done.reject(firstError);
    expect(await a).toEqual({ status: 'rejected', reason: firstError });

    await h.started(2);
    expect(h.items()).toEqual([['a'], ['b', 'c']]);
    const secondError = new Error('second batch failed');
    h.batches[1]!.done.reject(secondError);
    const [bSettled, cSettled] = await Promise.all([b, c]);
    expect(bSettled).toEqual({ status: 'rejected', reason: secondError });
    expect(cSettled).toEqual({ status: 'rejected', reason: secondError });
    expect((bSettled as { reason: unknown }).reason).toBe(secondError);
    expect((cSettled as { reason: unknown }).reason).toBe(secondError);

    const d = submit('d');
    await h.started(3);
    expect(h.items()).toEqual([['a'], ['b', 'c'], ['d']]);
    h.batches[2]!.done.resolve(['D']);
    await expect(d).resolves.toBe('D');
  });

  it('when one of two running batches fails, then only its items are rejected', async () => {
    const h = controlledRun<string, string>();
    const submit = createBatcher(h.run, { maxWaitMs: 1, maxInFlight: 2 });
    const a = settle(submit('a'));
    await h.started(1);
    const b = settle(submit('b'));
    await h.started(2);
    const error = new Error('batch of a failed');
    h.batches[0]!.done.reject(error);
    h.batches[1]!.done.resolve(['B']);
    expect(await a).toEqual({ status: 'rejected', reason: error });
    expect(await b).toEqual({ status: 'fulfilled', value: 'B' });
  });
});
