import { describe, expect, it } from 'vitest';
import { chunkLoader, forgetFailedChunks } from '../../../renderer/components/chunks';

/** A loader whose fetches fail until `fixed`, counting them. */
function flaky() {
  const state = { fixed: false, fetches: 0 };
  const loader = chunkLoader({
    screen: async () => {
      state.fetches += 1;
      if (!state.fixed) throw new Error('Failed to fetch dynamically imported module');
      return { name: 'screen' };
    },
  });
  return { state, loader };
}

describe('chunkLoader', () => {
  it('fetches a chunk once, and has it at hand afterwards', async () => {
    const { state, loader } = flaky();
    state.fixed = true;
    const [a, b] = await Promise.all([loader.load('screen'), loader.load('screen')]);
    expect(a).toBe(b);
    expect(loader.loaded('screen')).toBe(a);
    expect(await loader.current('screen')).toBe(a);
    expect(state.fetches).toBe(1);
  });

  it('for a render, keeps a failed fetch failed (no new fetch each render) until the failures are forgotten', async () => {
    const { state, loader } = flaky();
    await expect(loader.current('screen')).rejects.toThrow('Failed to fetch');
    // What a render asks again is the same failed fetch: it can show the error, not suspend on a new fetch.
    const again = loader.current('screen');
    expect(again).toBe(loader.current('screen'));
    await expect(again).rejects.toThrow('Failed to fetch');
    expect(state.fetches).toBe(1);
    state.fixed = true;
    forgetFailedChunks();
    expect(await loader.current('screen')).toEqual({ name: 'screen' });
    expect(state.fetches).toBe(2);
  });

  it('fetches again on `load` after a failure (a click, a prefetch), and `current` follows that fetch', async () => {
    const { state, loader } = flaky();
    await expect(loader.load('screen')).rejects.toThrow();
    state.fixed = true;
    const retried = loader.load('screen');
    expect(loader.current('screen')).toBe(retried);
    expect(await retried).toEqual({ name: 'screen' });
    expect(state.fetches).toBe(2);
  });
});
