import { describe, expect, it } from 'vitest';
import { TaskRegistry } from '../../../main/services/tasks';

describe('long tasks', () => {
  it('cancels a running task through its signal and releases the id', async () => {
    const tasks = new TaskRegistry();
    const running = tasks.run('fetch-1', (signal) => new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason))));
    expect(tasks.size).toBe(1);
    expect(tasks.cancel('fetch-1')).toBe(true);
    await expect(running).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(tasks.size).toBe(0);
    expect(tasks.cancel('fetch-1')).toBe(false);
  });

  it('refuses a second task under the same id while the first runs', async () => {
    const tasks = new TaskRegistry();
    let finish: () => void = () => undefined;
    const first = tasks.run('same', () => new Promise<void>((resolve) => (finish = resolve)));
    await expect(tasks.run('same', async () => 1)).rejects.toMatchObject({ code: 'TASK_ALREADY_RUNNING' });
    finish();
    await first;
    await expect(tasks.run('same', async () => 2)).resolves.toBe(2);
  });
});
