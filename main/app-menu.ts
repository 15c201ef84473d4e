/**
 * The app's own menus, instead of Electron's default (which gives every packaged build Reload,
 * Ctrl+R and the developer tools, Ctrl+Shift+I): File (Open certificates, Ctrl+O), Edit, View
 * (zoom; reload and developer tools only in development), Help (the README). And the right-click
 * menu of text fields (Cut, Copy, Paste) and of selected text (Copy), which Electron does not
 * give at all. Plain templates (no Electron call here), so a unit test holds them to this.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** The README shipped beside the app (electron-builder.yml extraResources), opened by Help. */
export const README_FILE = 'README.md';

export interface MenuTexts {
  file: string;
  openCertificates: string;
  quit: string;
  edit: string;
  view: string;
  help: string;
  readme: string;
  about: string;
}

export const MENU_TEXTS: Record<'en' | 'es', MenuTexts> = {
  en: { file: '&File', openCertificates: '&Open certificates...', quit: 'E&xit', edit: '&Edit', view: '&View', help: '&Help', readme: 'ISE Intune Assistant &help (README)', about: '&About' },
  es: { file: '&Archivo', openCertificates: '&Abrir certificados...', quit: '&Salir', edit: '&Edición', view: '&Ver', help: 'Ay&uda', readme: '&Ayuda de ISE Intune Assistant (README)', about: '&Acerca de' },
};

export interface MenuActions {
  openCertificates: () => void;
  openReadme: () => void;
  showAbout: () => void;
}

export function applicationMenuTemplate(options: { packaged: boolean; texts: MenuTexts; actions: MenuActions }): MenuItemConstructorOptions[] {
  const { texts, actions } = options;
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }];
  // Development only: a packaged build cannot be reloaded or inspected from the menu or the keyboard.
  if (!options.packaged) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });
  return [
    { label: texts.file, submenu: [{ label: texts.openCertificates, accelerator: 'CmdOrCtrl+O', click: () => actions.openCertificates() }, { type: 'separator' }, { label: texts.quit, role: 'quit' }] },
    { label: texts.edit, submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    { label: texts.view, submenu: view },
    { label: texts.help, role: 'help', submenu: [{ label: texts.readme, click: () => actions.openReadme() }, { label: texts.about, click: () => actions.showAbout() }] },
  ];
}

/** What Electron's `context-menu` event says about the place clicked (the fields used here). */
export interface ContextParams {
  isEditable: boolean;
  selectionText: string;
  editFlags: { canCut: boolean; canCopy: boolean; canPaste: boolean; canSelectAll: boolean };
}

/** Cut/Copy/Paste on text fields, Copy on selected text; nothing elsewhere (null: no menu). */
export function contextMenuTemplate(params: ContextParams): MenuItemConstructorOptions[] | null {
  if (params.isEditable) {
    return [
      { role: 'cut', enabled: params.editFlags.canCut },
      { role: 'copy', enabled: params.editFlags.canCopy },
      { role: 'paste', enabled: params.editFlags.canPaste },
      { type: 'separator' },
      { role: 'selectAll', enabled: params.editFlags.canSelectAll },
    ];
  }
  if (params.selectionText.trim() !== '') return [{ role: 'copy', enabled: params.editFlags.canCopy }];
  return null;
}
