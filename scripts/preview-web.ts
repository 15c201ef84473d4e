/**
 * `npm run preview:web`: the built renderer in any browser, for a contributor whose machine has no
 * Electron binary. It runs the web bridge the e2e tests use (tests/support/web-bridge.ts): the
 * same handlers and checks as the app, on 127.0.0.1 only, under a random token that every request
 * must carry. Never part of the packaged app (electron-builder packs only out/ and resources/).
 *
 *   npm run preview:web                  a new, empty data folder in the system's temp folder
 *   npm run preview:web -- --data DIR    keep settings and deployments in DIR between runs
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startWebBridge } from '../tests/support/web-bridge';

const dataFlag = process.argv.indexOf('--data');
const dataDir = dataFlag > 0 && process.argv[dataFlag + 1] ? resolve(process.argv[dataFlag + 1] as string) : mkdtempSync(join(tmpdir(), 'ise-intune-preview-'));

const bridge = await startWebBridge({ dataDir, pdf: false });
process.stdout.write(
  [
    'ISE Intune Assistant, served through the web bridge. A preview without Electron: open files by',
    'dropping them on the window (Open and Save dialogs act as Cancel here), and no PDF export.',
    '',
    `  Open: ${bridge.url}`,
    `  Data: ${dataDir}`,
    '',
    'Only this address works (it carries a random token). Ctrl+C stops it.',
    '',
  ].join('\n'),
);

const stop = (): void => {
  void bridge.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
