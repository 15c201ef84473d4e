/**
 * Code split into chunks (screens, the wizard, its steps): each fetched once, a failed fetch
 * retried on the next call, and what is already here readable synchronously, so a view whose
 * code is loaded renders at once instead of suspending (a Suspense fallback stays up for at
 * least 300 ms in React 19).
 */
export interface ChunkLoader<K extends string, M> {
  /** Fetches the chunk, once; after a failure, a call fetches it again. */
  load(key: K): Promise<M>;
  /**
   * For a render (React's `use`): the last fetch of the chunk, a failed one included, so that a
   * render after a failure shows the error (ChunkBoundary) rather than fetching again and
   * suspending forever. It fetches only when nothing was asked yet or `forgetFailedChunks` ran.
   */
  current(key: K): Promise<M>;
  /** The module when its code is here, else undefined. */
  loaded(key: K): M | undefined;
  /** Fetches the chunks not here yet, one at a time while the app is idle; returns a cancel. */
  prefetch(): () => void;
}

/** What each loader forgets of its failed fetches, for `forgetFailedChunks`. */
const forgetters = new Set<() => void>();

/** The next `current` of any chunk whose fetch failed fetches it again (ChunkBoundary's retry). */
export function forgetFailedChunks(): void {
  for (const forget of forgetters) forget();
}

export function chunkLoader<K extends string, M>(loaders: Record<K, () => Promise<M>>): ChunkLoader<K, M> {
  const pending = new Map<K, Promise<M>>();
  const here = new Map<K, M>();
  /** The last fetch of each chunk, failed or not (for `current`). */
  const last = new Map<K, Promise<M>>();
  const failed = new Set<K>();
  forgetters.add(() => {
    for (const key of failed) last.delete(key);
    failed.clear();
  });
  const load = (key: K): Promise<M> => {
    let loading = pending.get(key);
    if (!loading) {
      loading = loaders[key]().then(
        (module) => {
          here.set(key, module);
          failed.delete(key);
          return module;
        },
        (error: unknown) => {
          pending.delete(key);
          failed.add(key);
          throw error;
        },
      );
      pending.set(key, loading);
      last.set(key, loading);
    }
    return loading;
  };
  return {
    load,
    current: (key) => last.get(key) ?? load(key),
    loaded: (key) => here.get(key),
    prefetch: () => {
      const waiting = (Object.keys(loaders) as K[]).filter((key) => !here.has(key));
      let handle = 0;
      const next = () => {
        const key = waiting.shift();
        if (key === undefined) return;
        void load(key)
          .catch(() => undefined)
          .then(() => {
            handle = requestIdleCallback(next);
          });
      };
      handle = requestIdleCallback(next);
      return () => {
        waiting.length = 0;
        cancelIdleCallback(handle);
      };
    },
  };
}
