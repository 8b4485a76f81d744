// Runs a task every intervalMs, never two at once; stop() clears the timer and waits for a run in progress.
export function every(intervalMs: number, task: () => Promise<unknown>, onError: (error: unknown) => void): () => Promise<void> {
  let current: Promise<void> | undefined;
  const timer = setInterval(() => {
    current ??= task()
      .then(() => undefined)
      .catch(onError)
      .finally(() => {
        current = undefined;
      });
  }, intervalMs);
  return async () => {
    clearInterval(timer);
    await current;
  };
}
