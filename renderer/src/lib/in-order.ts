/**
 * Runs async tasks one at a time in the order they were queued, whatever each takes, and whether
 * or not the one before failed. Changes to the library go through one of these, so that their
 * answers come back in the order the user asked.
 */
export function inOrderQueue(): (task: () => Promise<void>) => Promise<void> {
  let tail: Promise<void> = Promise.resolve();
  return (task) => {
    tail = tail.then(task, task);
    return tail;
  };
}
