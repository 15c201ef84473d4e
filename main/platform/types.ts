/**
 * What handlers need from the outside world, as interfaces. The Electron app passes
 * Electron-backed implementations (main/platform/electron-*.ts); the CLI and the web bridge
 * pass plain-Node ones. Nothing in this file touches Electron.
 */
import type { EventName, Events } from '../../preload/contract';
import type { HttpTransport } from '../services/entra/live';
import type { AiaGet } from '../services/tls';
import type { DeploymentsDocument } from '../services/deployments/schema';
import type { StoredSettings } from '../services/settings/schema';

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A versioned document kept on disk (settings, deployments). */
export interface DocumentStore<T> {
  /** Reads it; a missing file gives defaults, a corrupt one is set aside with a backup. */
  read(): Promise<T>;
  /** Replaces it atomically. */
  write(next: T): Promise<void>;
}

export type SettingsStore = DocumentStore<StoredSettings>;

/** Secrets are encrypted at rest (Electron safeStorage) or kept only in memory; never plain text. */
export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  has(name: string): Promise<boolean>;
}

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface DialogAdapter {
  pickFolder(options: { title?: string; defaultPath?: string }): Promise<string | null>;
  openFiles(options: { title?: string; filters?: FileFilter[]; defaultPath?: string }): Promise<string[] | null>;
  saveFile(options: { title?: string; defaultPath?: string; filters?: FileFilter[] }): Promise<string | null>;
}

export interface ShellAdapter {
  openExternal(url: string): Promise<void>;
  /** Opens the system's file manager at a file or folder, selecting it (Electron's shell.showItemInFolder). */
  showInFolder?(path: string): Promise<void>;
}

export interface ClipboardAdapter {
  writeText(text: string): Promise<void>;
}

export interface RuntimeInfo {
  appName: string;
  appVersion: string;
  electron: string | null;
  chrome: string | null;
  node: string;
  platform: string;
  /** Default for Settings.dataFolder when none is stored. */
  defaultDataFolder: string;
  /** Where the app keeps its own state files (e.g. ISE certificate pins): userData in the app. */
  stateFolder: string;
  /** Folders a cloud client syncs (OneDrive's roots on Windows): exports holding a private key avoid them. */
  syncedFolders?: string[];
  /** A folder that is not synced, for exports holding a private key (Downloads in the app). */
  unsyncedFolder?: string;
  /** The platform whose path rules apply to the folders above (defaults to this process's). */
  pathPlatform?: NodeJS.Platform;
}

export interface HandlerContext {
  settings: SettingsStore;
  deployments: DocumentStore<DeploymentsDocument>;
  secrets: SecretStore;
  dialogs: DialogAdapter;
  shell: ShellAdapter;
  clipboard: ClipboardAdapter;
  /** The operating system's trusted root certificates (DER), in the app; absent elsewhere. */
  systemRoots?: () => Buffer[];
  /** The operating system's proxy for a URL (Electron's session.resolveProxy); absent outside the app. */
  resolveProxy?: (url: string) => Promise<string | null>;
  /**
   * Live calls to Microsoft (sign-in, audit, connection test) through the platform's network
   * stack: Electron's `net` in the app (system proxy and PAC with failover, the Windows trust
   * store, NTLM/Kerberos proxy sign-in). Absent outside the app: the Node client is used.
   */
  httpTransport?: (options: { explicitProxy: string | null; direct?: boolean; proxyUser?: string; proxyPassword?: string; signal?: AbortSignal }) => HttpTransport;
  /**
   * AIA downloads (missing issuers) through the platform's network stack, with the system proxy
   * (explicitProxy null) or the explicit one: Electron's `net` in the app. Absent outside the app.
   */
  aiaGet?: (options: { explicitProxy: string | null; proxyUser?: string; proxyPassword?: string }) => AiaGet;
  /** Renders a self-contained HTML page to PDF (Electron's printToPDF); absent outside the app. */
  printToPdf?: (html: string) => Promise<Buffer>;
  /** Follows the app's theme outside the page (Electron's nativeTheme.themeSource: the title bar, menus). */
  applyTheme?: (theme: 'system' | 'light' | 'dark') => void;
  /** Follows the app's language outside the page (the application and right-click menus, rebuilt at once). */
  applyLanguage?: (language: 'system' | 'en' | 'es') => void;
  /** Sends an event to the app window (progress of long work). */
  emit: <K extends EventName>(name: K, payload: Events[K]) => void;
  runtime: RuntimeInfo;
  log: Logger;
}
