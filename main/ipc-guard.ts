/**
 * Who may call the api: only the app's own window, from its top frame, showing the app's own
 * origin. Kept free of Electron so the check is unit-tested under Node; main/ipc.ts feeds it the
 * real IpcMainInvokeEvent.
 */
import type { ApiResult } from '../preload/contract';
import type { Handlers } from './handlers';
import { dispatch } from './dispatch';
import type { Logger } from './platform/types';

/** The parts of Electron's IpcMainInvokeEvent the check reads. */
export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface TrustedWindow {
  /** webContents.id of the app's window, or null before it exists. */
  webContentsId: () => number | null;
  /** Origin the app is served from, e.g. `app://bundle` (or the dev server in development). */
  origin: string;
}

export function isTrustedSender(event: InvokeEventLike, trusted: TrustedWindow): boolean {
  const frame = event.senderFrame;
  if (frame === null || frame.parent !== null) return false;
  if (event.sender.id !== trusted.webContentsId()) return false;
  let origin: string;
  try {
    const url = new URL(frame.url);
    origin = url.protocol === 'app:' ? `app://${url.host}` : url.origin;
  } catch {
    return false;
  }
  return origin === trusted.origin;
}

export async function handleInvoke(
  handlers: Handlers,
  trusted: TrustedWindow,
  event: InvokeEventLike,
  channel: string,
  args: unknown[],
  log: Logger,
): Promise<ApiResult<unknown>> {
  if (!isTrustedSender(event, trusted)) {
    log.warn(`Refused a call to "${channel}" from an untrusted sender (${event.senderFrame?.url ?? 'no frame'}).`);
    return {
      ok: false,
      error: { code: 'UNTRUSTED_SENDER', message: 'This call did not come from the app window and was refused.' },
    };
  }
  return dispatch(handlers, channel, args, log);
}
