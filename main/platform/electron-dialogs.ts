import { dialog, type BrowserWindow } from 'electron';
import type { DialogAdapter } from './types';

export function createElectronDialogs(window: () => BrowserWindow | null): DialogAdapter {
  return {
    async pickFolder({ title, defaultPath }) {
      const owner = window();
      const options: Electron.OpenDialogOptions = {
        properties: ['openDirectory', 'createDirectory'],
        ...(title ? { title } : {}),
        ...(defaultPath ? { defaultPath } : {}),
      };
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async openFiles({ title, filters, defaultPath }) {
      const owner = window();
      const options: Electron.OpenDialogOptions = {
        properties: ['openFile', 'multiSelections'],
        ...(title ? { title } : {}),
        ...(filters ? { filters } : {}),
        ...(defaultPath ? { defaultPath } : {}),
      };
      const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : result.filePaths;
    },
    async saveFile({ title, filters, defaultPath }) {
      const owner = window();
      const options: Electron.SaveDialogOptions = {
        ...(title ? { title } : {}),
        ...(filters ? { filters } : {}),
        ...(defaultPath ? { defaultPath } : {}),
      };
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
