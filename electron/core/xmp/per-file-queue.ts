/**
 * One write at a time per file, across everything in this process that writes sidecars (tabs of
 * the browser host, the desktop window, bulk writes): each task starts when the previous one for
 * the same file has settled, whether it succeeded or not.
 */
const tails = new Map<string, Promise<void>>();

export function queuePerFile<T>(file: string, task: () => Promise<T>): Promise<T> {
  const run = (tails.get(file) ?? Promise.resolve()).then(task);
  const tail = run.then(
    () => {},
    () => {},
  );
  tails.set(file, tail);
  void tail.then(() => {
    if (tails.get(file) === tail) tails.delete(file);
  });
  return run;
}

/** Files with a write queued or running (for tests: the map must not grow without bound). */
export function queuedFiles(): number {
  return tails.size;
}
