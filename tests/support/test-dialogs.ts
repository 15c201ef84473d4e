import type { DialogAdapter } from '../../main/platform/types';

/**
 * The native dialogs, replaced by answers the test queues in advance. A dialog opened with no
 * queued answer behaves like the user pressing Cancel, and is recorded so tests can assert on it.
 */
export class TestDialogs implements DialogAdapter {
  private readonly folders: (string | null)[] = [];
  private readonly openAnswers: (string[] | null)[] = [];
  private readonly saveAnswers: (string | null)[] = [];
  readonly opened: { kind: 'folder' | 'open' | 'save'; title?: string; defaultPath?: string }[] = [];

  answerPickFolder(path: string | null): void {
    this.folders.push(path);
  }

  answerOpenFiles(paths: string[] | null): void {
    this.openAnswers.push(paths);
  }

  answerSaveFile(path: string | null): void {
    this.saveAnswers.push(path);
  }

  async pickFolder(options: { title?: string; defaultPath?: string }): Promise<string | null> {
    this.opened.push({ kind: 'folder', ...options });
    return this.folders.shift() ?? null;
  }

  async openFiles(options: { title?: string; defaultPath?: string }): Promise<string[] | null> {
    this.opened.push({ kind: 'open', ...(options.title ? { title: options.title } : {}) });
    return this.openAnswers.shift() ?? null;
  }

  async saveFile(options: { title?: string; defaultPath?: string }): Promise<string | null> {
    this.opened.push({ kind: 'save', ...options });
    return this.saveAnswers.shift() ?? null;
  }
}
