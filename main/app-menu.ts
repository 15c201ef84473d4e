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
  /** Items with a role: Electron would give them its own English labels, whatever the app's language. */
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  resetZoom: string;
  zoomIn: string;
  zoomOut: string;
  fullScreen: string;
}

export type MenuLanguage = 'en' | 'es';

export const MENU_TEXTS: Record<MenuLanguage, MenuTexts> = {
  en: {
    file: '&File',
    openCertificates: '&Open certificates...',
    quit: 'E&xit',
    edit: '&Edit',
    view: '&View',
    help: '&Help',
    readme: 'ISE Intune Assistant &help (README)',
    about: '&About',
    undo: '&Undo',
    redo: '&Redo',
    cut: 'Cu&t',
    copy: '&Copy',
    paste: '&Paste',
    selectAll: 'Select &all',
    resetZoom: '&Actual size',
    zoomIn: 'Zoom &in',
    zoomOut: 'Zoom &out',
    fullScreen: '&Full screen',
  },
  es: {
    file: '&Archivo',
    openCertificates: '&Abrir certificados...',
    quit: '&Salir',
    edit: '&Edición',
    view: '&Ver',
    help: 'Ay&uda',
    readme: '&Ayuda de ISE Intune Assistant (README)',
    about: '&Acerca de',
    undo: '&Deshacer',
    redo: '&Rehacer',
    cut: 'Cor&tar',
    copy: '&Copiar',
    paste: '&Pegar',
    selectAll: 'Seleccionar &todo',
    resetZoom: '&Tamaño real',
    zoomIn: '&Acercar',
    zoomOut: 'A&lejar',
    fullScreen: '&Pantalla completa',
  },
};

/** The menus' language for the language setting: `system` follows the computer's (Electron's app.getLocale()). */
export function menuLanguage(setting: 'system' | 'en' | 'es', locale: string): MenuLanguage {
  if (setting !== 'system') return setting;
  return locale.toLowerCase().startsWith('es') ? 'es' : 'en';
}

export interface MenuActions {
  openCertificates: () => void;
  openReadme: () => void;
  showAbout: () => void;
}

export function applicationMenuTemplate(options: { packaged: boolean; texts: MenuTexts; actions: MenuActions }): MenuItemConstructorOptions[] {
  const { texts, actions } = options;
  const view: MenuItemConstructorOptions[] = [
    { label: texts.resetZoom, role: 'resetZoom' },
    { label: texts.zoomIn, role: 'zoomIn' },
    { label: texts.zoomOut, role: 'zoomOut' },
    { type: 'separator' },
    { label: texts.fullScreen, role: 'togglefullscreen' },
  ];
  // Development only: a packaged build cannot be reloaded or inspected from the menu or the keyboard.
  if (!options.packaged) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' });
  return [
    { label: texts.file, submenu: [{ label: texts.openCertificates, accelerator: 'CmdOrCtrl+O', click: () => actions.openCertificates() }, { type: 'separator' }, { label: texts.quit, role: 'quit' }] },
    {
      label: texts.edit,
      submenu: [
        { label: texts.undo, role: 'undo' },
        { label: texts.redo, role: 'redo' },
        { type: 'separator' },
        { label: texts.cut, role: 'cut' },
        { label: texts.copy, role: 'copy' },
        { label: texts.paste, role: 'paste' },
        { label: texts.selectAll, role: 'selectAll' },
      ],
    },
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
export function contextMenuTemplate(params: ContextParams, texts: MenuTexts = MENU_TEXTS.en): MenuItemConstructorOptions[] | null {
  if (params.isEditable) {
    return [
      { label: texts.cut, role: 'cut', enabled: params.editFlags.canCut },
      { label: texts.copy, role: 'copy', enabled: params.editFlags.canCopy },
      { label: texts.paste, role: 'paste', enabled: params.editFlags.canPaste },
      { type: 'separator' },
      { label: texts.selectAll, role: 'selectAll', enabled: params.editFlags.canSelectAll },
    ];
  }
  if (params.selectionText.trim() !== '') return [{ label: texts.copy, role: 'copy', enabled: params.editFlags.canCopy }];
  return null;
}

/**
 * The menus in the language of Settings: built at start, built again when the language setting
 * changes (no restart), and the right-click menu in the same language. `install` is Electron's
 * Menu.setApplicationMenu(Menu.buildFromTemplate(template)) in the app.
 */
export class AppMenus {
  #language: MenuLanguage | null = null;

  constructor(
    private readonly options: { packaged: boolean; locale: () => string; actions: MenuActions; install: (template: MenuItemConstructorOptions[]) => void },
  ) {}

  get language(): MenuLanguage | null {
    return this.#language;
  }

  /** Builds and installs the application menu for this setting, unless it is already in that language. */
  setLanguage(setting: 'system' | 'en' | 'es'): void {
    const language = menuLanguage(setting, this.options.locale());
    if (language === this.#language) return;
    this.options.install(applicationMenuTemplate({ packaged: this.options.packaged, texts: MENU_TEXTS[language], actions: this.options.actions }));
    this.#language = language;
  }

  contextMenu(params: ContextParams): MenuItemConstructorOptions[] | null {
    return contextMenuTemplate(params, MENU_TEXTS[this.#language ?? 'en']);
  }
}
