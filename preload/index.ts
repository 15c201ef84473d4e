/**
 * Exposes `window.api`: one named function per contract operation, each a thin ipcRenderer.invoke.
 * ipcRenderer itself is never exposed (Electron security checklist).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CHANNELS, EVENTS, ipcChannelName, ipcEventName, type Api, type EventName, type EventsApi } from './contract';

const api = Object.fromEntries(
  CHANNELS.map((channel) => [channel, (...args: unknown[]) => ipcRenderer.invoke(ipcChannelName(channel), ...args)]),
) as unknown as Api;

contextBridge.exposeInMainWorld('api', Object.freeze(api));

// Events: only the names of the contract, and each listener gets the payload alone (never the
// IpcRendererEvent, which would expose `sender`).
const events: EventsApi = {
  on(name, listener) {
    if (!(EVENTS as readonly EventName[]).includes(name)) throw new Error(`Unknown event ${String(name)}`);
    const wrapped = (_event: unknown, payload: Parameters<typeof listener>[0]) => listener(payload);
    ipcRenderer.on(ipcEventName(name), wrapped);
    return () => {
      ipcRenderer.removeListener(ipcEventName(name), wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('events', Object.freeze(events));
