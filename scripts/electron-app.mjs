// `npm start`, `npm run dev`, `npm run dist`: make sure the Electron binary is there, then build
// and run (or package) the app with electron-vite / electron-builder.
//
// The `electron` package no longer downloads its binary when it is installed: its own installer
// (node_modules/electron/install.js, the `install-electron` command) does, on first use. This
// script calls that installer — nothing here downloads by itself — and, when the download fails
// (no network, a blocked host), stops with one plain paragraph instead of a stack trace.
//
//   node scripts/electron-app.mjs ensure   only make sure the binary is there; prints its path
//   node scripts/electron-app.mjs start    build, then launch the app
//   node scripts/electron-app.mjs dev      launch with hot reload
//   node scripts/electron-app.mjs dist     build the installers (electron-builder)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** The executable's path inside an unpacked Electron folder, as Electron's installer names it. */
function executableName() {
  switch (process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

function electronPackage() {
  try {
    const packageJson = require.resolve('electron/package.json');
    return { folder: dirname(packageJson), version: JSON.parse(readFileSync(packageJson, 'utf8')).version };
  } catch {
    return null;
  }
}

/** The binary that will run, or null when it is not there yet. */
function installedBinary(pkg) {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(process.env.ELECTRON_OVERRIDE_DIST_PATH, executableName());
    return existsSync(path) ? path : null;
  }
  const pathFile = join(pkg.folder, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const path = join(pkg.folder, 'dist', readFileSync(pathFile, 'utf8'));
  return existsSync(path) ? path : null;
}

function stop(paragraph) {
  process.stderr.write(`\n${paragraph}\n\n`);
  process.exit(1);
}

function ensureElectron() {
  const pkg = electronPackage();
  if (!pkg) stop('The Electron package is not installed. Run "npm ci" in the project folder first, then start again.');
  const existing = installedBinary(pkg);
  if (existing) return existing;
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    stop(
      `ELECTRON_OVERRIDE_DIST_PATH is set to "${process.env.ELECTRON_OVERRIDE_DIST_PATH}", but that folder has no ${executableName()}. ` +
        `Point it at an unpacked Electron ${pkg.version} for this system (the folder that holds the executable), or unset it to download Electron.`,
    );
  }
  process.stdout.write(`Electron ${pkg.version} is not downloaded yet: downloading it once with Electron's installer...\n`);
  const result = spawnSync(process.execPath, [join(pkg.folder, 'install.js')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'inherit', 'pipe'] });
  const binary = result.status === 0 ? installedBinary(pkg) : null;
  if (binary) return binary;
  const reason = firstReason(result.stderr ?? '') ?? (result.error ? result.error.message : `the installer exited with code ${result.status}`);
  const from = process.env.ELECTRON_MIRROR ? `the mirror ${process.env.ELECTRON_MIRROR}` : 'GitHub (github.com/electron/electron/releases)';
  stop(
    `Electron ${pkg.version} could not be downloaded from ${from}: ${reason}. ` +
      'The app cannot start without it. Three ways on: set ELECTRON_MIRROR to a mirror your network allows ' +
      '(such as your company\'s artifact server) and start again ' +
      '(behind a proxy, also set ELECTRON_GET_USE_PROXY=true and HTTPS_PROXY); ' +
      `or download electron-v${pkg.version}-<platform>-<arch>.zip on another machine, unpack it, and set ELECTRON_OVERRIDE_DIST_PATH to that folder; ` +
      'or run "npm ci" and "npm start" once on a machine with internet access.',
  );
  return null;
}

/** The installer's own words without its stack: the first line that is not a stack frame. */
function firstReason(stderr) {
  const line = stderr
    .split(/\r?\n/)
    .map((text) => text.trim())
    .find((text) => text && !text.startsWith('at ') && !/^node:|^\^|^Node\.js v/.test(text));
  if (!line) return null;
  // Node's fetch says only "fetch failed" when no connection could be made at all.
  if (/^TypeError: fetch failed$/.test(line)) return 'no connection could be made (no network, a blocked host, or a proxy in the way)';
  return line.replace(/^[A-Za-z]*Error:\s*/, '').replace(/\.$/, '');
}

function run(command, args, env = {}) {
  const bin = join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${command}.cmd` : command);
  const result = spawnSync(bin, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env }, shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const action = process.argv[2];
if (!['ensure', 'start', 'dev', 'dist'].includes(action ?? '')) {
  process.stderr.write('usage: node scripts/electron-app.mjs ensure|start|dev|dist\n');
  process.exit(2);
}
const binary = ensureElectron();
// electron-vite reads node_modules/electron/path.txt, or ELECTRON_EXEC_PATH when set.
const env = { ELECTRON_EXEC_PATH: binary };
if (action === 'ensure') {
  process.stdout.write(`${binary}\n`);
} else if (action === 'start') {
  run('electron-vite', ['build'], env);
  run('electron-vite', ['preview'], env);
} else if (action === 'dev') {
  run('electron-vite', ['dev'], env);
} else {
  run('electron-vite', ['build'], env);
  run('electron-builder', ['--config', 'electron-builder.yml', ...process.argv.slice(3)], env);
}
