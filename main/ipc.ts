import { ipcMain } from 'electron';
import { CHANNELS, ipcChannelName } from '../preload/contract';
import type { Handlers } from './handlers';
import { handleInvoke, type TrustedWindow } from './ipc-guard';
import type { Logger } from './platform/types';

/** Binds every contract channel to ipcMain.handle, behind the sender and argument checks. */
export function registerIpc(handlers: Handlers, trusted: TrustedWindow, log: Logger): void {
  for (const channel of CHANNELS) {
    ipcMain.handle(ipcChannelName(channel), (event, ...args: unknown[]) =>
      handleInvoke(handlers, trusted, event, channel, args, log),
    );
  }
}
