/**
 * The window's size and place, remembered between launches (window-state.json in userData,
 * written atomically), and a first window that fits the work area of a 1366x768 laptop (about
 * 1366x728 once the taskbar is taken off). Pure functions over Electron's display data, so a
 * unit test can check them with the screens Windows laptops have.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from './services/files';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState extends Rectangle {
  maximized: boolean;
}

export const WINDOW_STATE_FILE = 'window-state.json';
export const PREFERRED_SIZE = { width: 1280, height: 820 };
export const MINIMUM_SIZE = { width: 900, height: 600 };

const stateFile = z.object({ x: z.number().int(), y: z.number().int(), width: z.number().int().positive(), height: z.number().int().positive(), maximized: z.boolean() });

/** How much of `a` lies inside `b`, in pixels. */
function overlap(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** The preferred size, shrunk to the work area, centred in it. */
function centred(workArea: Rectangle): Rectangle {
  const width = Math.min(PREFERRED_SIZE.width, workArea.width);
  const height = Math.min(PREFERRED_SIZE.height, workArea.height);
  return { x: workArea.x + Math.floor((workArea.width - width) / 2), y: workArea.y + Math.floor((workArea.height - height) / 2), width, height };
}

/**
 * Where the window opens: the saved place when its title bar is still on a screen (a monitor
 * may have been unplugged since), shrunk to that screen's work area; otherwise centred on the
 * primary screen's work area, never bigger than it.
 */
export function initialBounds(saved: WindowState | null, workAreas: Rectangle[], primary: Rectangle): WindowState {
  if (saved) {
    const titleBar = { x: saved.x, y: saved.y, width: saved.width, height: 32 };
    const home = workAreas.filter((area) => overlap(titleBar, area) >= Math.min(100, saved.width) * 16).sort((a, b) => overlap(titleBar, b) - overlap(titleBar, a))[0];
    if (home) {
      const width = Math.min(saved.width, home.width);
      const height = Math.min(saved.height, home.height);
      const x = Math.min(Math.max(saved.x, home.x), home.x + home.width - width);
      const y = Math.min(Math.max(saved.y, home.y), home.y + home.height - height);
      return { x, y, width, height, maximized: saved.maximized };
    }
  }
  return { ...centred(primary), maximized: false };
}

/** The minimum size, lowered when the work area is smaller still (the window must fit). */
export function minimumSize(workArea: Rectangle): { width: number; height: number } {
  return { width: Math.min(MINIMUM_SIZE.width, workArea.width), height: Math.min(MINIMUM_SIZE.height, workArea.height) };
}

export async function readWindowState(folder: string): Promise<WindowState | null> {
  try {
    const parsed = stateFile.safeParse(JSON.parse(await readFile(join(folder, WINDOW_STATE_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function writeWindowState(folder: string, state: WindowState): Promise<void> {
  await writeFileAtomic(join(folder, WINDOW_STATE_FILE), `${JSON.stringify(state)}\n`, { backup: false });
}

/** How long closing waits for the window's state to be written (a slow or stuck disk never keeps the window open). */
export const WINDOW_STATE_SAVE_TIMEOUT_MS = 2000;

export interface SaveOnCloseOptions {
  /** The window's size and place now (Electron: getNormalBounds() and isMaximized()). */
  capture: () => WindowState;
  write: (state: WindowState) => Promise<void>;
  /** Closes the window again once the write has ended (Electron: BrowserWindow.close()). */
  close: () => void;
  log: { warn(message: string): void };
  timeoutMs?: number;
  /** The bounded wait; setTimeout by default (a test passes its own). */
  wait?: (ms: number) => Promise<void>;
}

/**
 * The window's 'close' handler: the first close is held (preventDefault) until the state file's
 * atomic write has ended, or the bounded wait has passed, then the window is closed again and
 * this time let go. A failed or stuck write is logged and never keeps the window open; a second
 * close while the write runs waits for the same write.
 */
export function saveStateOnClose(options: SaveOnCloseOptions): (event: { preventDefault(): void }) => void {
  let phase: 'open' | 'saving' | 'saved' = 'open';
  const timeoutMs = options.timeoutMs ?? WINDOW_STATE_SAVE_TIMEOUT_MS;
  const save = async (): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const waited = options.wait ? options.wait(timeoutMs) : new Promise<void>((resolvePromise) => (timer = setTimeout(resolvePromise, timeoutMs)));
    try {
      const written = Promise.resolve()
        .then(() => options.write(options.capture()))
        .then(
          () => 'written' as const,
          (error: unknown) => {
            options.log.warn(`The window's size and place were not saved: ${error instanceof Error ? error.message : String(error)}`);
            return 'failed' as const;
          },
        );
      const outcome = await Promise.race([written, waited.then(() => 'timeout' as const)]);
      if (outcome === 'timeout') options.log.warn(`The window's size and place were not saved within ${timeoutMs} ms; the window closes without them.`);
    } finally {
      clearTimeout(timer);
    }
  };
  return (event) => {
    if (phase === 'saved') return;
    event.preventDefault();
    if (phase === 'saving') return;
    phase = 'saving';
    void save().finally(() => {
      phase = 'saved';
      options.close();
    });
  };
}
