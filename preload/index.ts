/**
 * Exposes `window.api`: one named function per contract operation, each a thin ipcRenderer.invoke.
 * ipcRenderer itself is never exposed (Electron security checklist).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, ipcChannelName, type Api } from './contract';

const api = Object.fromEntries(
  CHANNELS.map((channel) => [channel, (...args: unknown[]) => ipcRenderer.invoke(ipcChannelName(channel), ...args)]),
) as unknown as Api;

contextBridge.exposeInMainWorld('api', Object.freeze(api));
