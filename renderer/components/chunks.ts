/**
 * Code split into chunks (screens, the wizard, its steps): each fetched once, a failed fetch
 * retried on the next call, and what is already here readable synchronously, so a view whose
 * code is loaded renders at once instead of suspending (a Suspense fallback stays up for at
 * least 300 ms in React 19).
 */
export interface ChunkLoader<K extends string, M> {
  load(key: K): Promise<M>;
  /** The module when its code is here, else undefined. */
  loaded(key: K): M | undefined;
  /** Fetches the chunks not here yet, one at a time while the app is idle; returns a cancel. */
  prefetch(): () => void;
}

export function chunkLoader<K extends string, M>(loaders: Record<K, () => Promise<M>>): ChunkLoader<K, M> {
  const pending = new Map<K, Promise<M>>();
  const here = new Map<K, M>();
  const load = (key: K): Promise<M> => {
    let loading = pending.get(key);
    if (!loading) {
      loading = loaders[key]().then(
        (module) => {
          here.set(key, module);
          return module;
        },
        (error: unknown) => {
          pending.delete(key);
          throw error;
        },
      );
      pending.set(key, loading);
    }
    return loading;
  };
  return {
    load,
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
