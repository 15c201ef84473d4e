/**
 * `npm start` / `dev` / `dist` first make sure the Electron binary is there (scripts/electron-app.mjs),
 * through Electron's own installer. Run here in a copy of the project's shape whose `electron`
 * package has no binary yet, so the result does not depend on whether this machine downloaded one;
 * the download goes to a local mirror (a 404, or a closed port) and never leaves the machine.
 */
import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const ELECTRON_VERSION = (JSON.parse(readFileSync(join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;

let project: string;
let mirror: Server;
let mirrorUrl: string;
const requested: string[] = [];

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'ise-intune-start-'));
  mkdirSync(join(project, 'scripts'));
  copyFileSync(join(ROOT, 'scripts/electron-app.mjs'), join(project, 'scripts/electron-app.mjs'));
  writeFileSync(join(project, 'package.json'), '{ "name": "start-test", "private": true, "type": "module" }\n');
  // The electron package as npm installs it today: no dist/, no path.txt.
  const electron = join(project, 'node_modules/electron');
  mkdirSync(electron, { recursive: true });
  for (const file of ['package.json', 'install.js', 'checksums.json', 'index.js']) copyFileSync(join(ROOT, 'node_modules/electron', file), join(electron, file));
  // Its installer's own dependencies, as installed for the project.
  symlinkSync(join(ROOT, 'node_modules/@electron'), join(project, 'node_modules/@electron'), 'dir');
  symlinkSync(join(ROOT, 'node_modules/@electron-internal'), join(project, 'node_modules/@electron-internal'), 'dir');

  mirror = createServer((request, response) => {
    requested.push(request.url ?? '');
    response.writeHead(404).end('not here');
  });
  await new Promise<void>((done) => mirror.listen(0, '127.0.0.1', done));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/electron/`;
});

afterAll(async () => {
  await new Promise<void>((done) => mirror.close(() => done()));
  rmSync(project, { recursive: true, force: true });
});

function ensure(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ELECTRON_|electron_config_|npm_config_)/i.test(name)));
  return new Promise((done) => {
    execFile(
      process.execPath,
      [join(project, 'scripts/electron-app.mjs'), 'ensure'],
      { cwd: project, env: { ...clean, electron_config_cache: join(project, 'cache'), ...env }, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function expectOnePlainParagraph(stderr: string): void {
  const paragraphs = stderr.trim().split(/\n\s*\n/);
  expect(paragraphs).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m); // no stack trace
  expect(stderr).not.toMatch(/TypeError|HTTPError/);
}

describe('making sure the Electron binary is there before the app starts', () => {
  it('calls Electron\'s installer, and when the download fails says what failed and the three ways on', async () => {
    const result = await ensure({ ELECTRON_MIRROR: mirrorUrl });
    expect(result.code).toBe(1);
    // Electron's installer asked the mirror for this version's zip.
    expect(requested.some((url) => url.endsWith(`/electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`))).toBe(true);
    expect(result.stdout).toContain(`Electron ${ELECTRON_VERSION} is not downloaded yet`);
    expectOnePlainParagraph(result.stderr);
    expect(result.stderr).toContain(`Electron ${ELECTRON_VERSION} could not be downloaded from the mirror ${mirrorUrl}: Response code 404 (Not Found)`);
    expect(result.stderr).toContain('ELECTRON_MIRROR');
    expect(result.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH');
    expect(result.stderr).toContain('a machine with internet access');
  });

  it('says plainly that no connection could be made when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((done) => closed.listen(0, '127.0.0.1', done));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((done) => closed.close(() => done()));
    const result = await ensure({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/electron/` });
    expect(result.code).toBe(1);
    expectOnePlainParagraph(result.stderr);
    expect(result.stderr).toMatch(/could not be downloaded from the mirror .*: no connection could be made/);
  });

  it('uses an unpacked Electron named by ELECTRON_OVERRIDE_DIST_PATH without downloading', async () => {
    const unpacked = join(project, 'unpacked');
    mkdirSync(unpacked, { recursive: true });
    const executable = join(unpacked, process.platform === 'win32' ? 'electron.exe' : 'electron');
    writeFileSync(executable, '#!/bin/sh\n');
    chmodSync(executable, 0o755);
    const before = requested.length;
    const result = await ensure({ ELECTRON_OVERRIDE_DIST_PATH: unpacked, ELECTRON_MIRROR: mirrorUrl });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim()).toBe(executable);
    expect(requested.length).toBe(before);
  });

  it('refuses an ELECTRON_OVERRIDE_DIST_PATH that holds no Electron, saying which folder', async () => {
    const empty = join(project, 'empty');
    mkdirSync(empty, { recursive: true });
    const result = await ensure({ ELECTRON_OVERRIDE_DIST_PATH: empty });
    expect(result.code).toBe(1);
    expectOnePlainParagraph(result.stderr);
    expect(result.stderr).toContain(`ELECTRON_OVERRIDE_DIST_PATH is set to "${empty}", but that folder has no electron`);
  });

  it('is what npm start, npm run dev and npm run dist run', () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe('node scripts/electron-app.mjs start');
    expect(scripts.dev).toBe('node scripts/electron-app.mjs dev');
    expect(scripts.dist).toBe('node scripts/electron-app.mjs dist');
  });
});
