/**
 * electron-builder.yml, checked with electron-builder's own code (offline): its schema
 * validation, and its macro expander on every artifactName for each target and arch, as
 * PlatformPackager.expandArtifactNamePattern resolves them (target's name, then platform's, then
 * the top level's). `${target}` is not a macro electron-builder 26 defines: a name using it
 * would throw "macro target is not defined" and no installer would be built.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { win32 } from 'node:path';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const { load } = require('js-yaml') as { load: (text: string) => unknown };
const { expandMacro } = require('app-builder-lib/out/util/macroExpander') as {
  expandMacro: (pattern: string, arch: string | null, appInfo: object, extra?: Record<string, string>) => string;
};
const { AppInfo } = require('app-builder-lib/out/appInfo') as { AppInfo: new (info: object, buildVersion?: string | null) => object };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration: (config: object, debugLogger: { isEnabled: boolean; add: () => void }) => Promise<void>;
};
const { Arch, getArtifactArchName } = require('builder-util') as { Arch: Record<string, number>; getArtifactArchName: (arch: number, ext: string) => string };

type TargetOptions = { artifactName?: string; [key: string]: unknown };
type Config = Record<string, unknown> & {
  artifactName?: string;
  win: TargetOptions & { target: string[] };
  linux: TargetOptions & { target: string[] };
  nsis: TargetOptions;
  msi: TargetOptions;
  portable: TargetOptions;
  fileAssociations: { ext: string | string[] }[];
};

const config = load(readFileSync('electron-builder.yml', 'utf8')) as Config;
const metadata = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; version: string; productName: string; description: string };
const appInfo = new AppInfo({ config, metadata, framework: { name: 'electron' } });
const logger = { isEnabled: false, add: () => undefined };

/** What a target writes: the extension electron-builder passes to the name of its artifact. */
const EXTENSIONS: Record<string, string> = { nsis: 'exe', msi: 'msi', portable: 'exe', AppImage: 'AppImage' };
const ARCHES = ['x64', 'arm64', 'ia32'];

function artifactName(platform: 'win' | 'linux', target: string, arch: string | null): string {
  const targetOptions = (config as Record<string, TargetOptions | undefined>)[target] ?? (config as Record<string, TargetOptions | undefined>)[target.toLowerCase()];
  const pattern = targetOptions?.artifactName ?? config[platform].artifactName ?? config.artifactName ?? '${productName}-${version}-${arch}.${ext}';
  const ext = EXTENSIONS[target] as string;
  const archName = arch === null ? null : getArtifactArchName(Arch[arch] as number, ext);
  return expandMacro(pattern, archName, appInfo, { ext, os: platform });
}

describe('electron-builder.yml', () => {
  it('passes electron-builder\'s own schema validation', async () => {
    await expect(validateConfiguration(structuredClone(config), logger)).resolves.toBeUndefined();
  });

  it('the schema check fails on a wrong option (the check can fail)', async () => {
    const wrong = structuredClone(config);
    (wrong.nsis as Record<string, unknown>).allowElevations = false;
    await expect(validateConfiguration(wrong, logger)).rejects.toThrow(/configuration\.nsis/);
  });

  it('the Azure Trusted Signing options the README gives on the command line are valid too', async () => {
    const signed = structuredClone(config);
    signed.win.azureSignOptions = {
      publisherName: 'Contoso Ltd',
      endpoint: 'https://eus.codesigning.azure.net',
      codeSigningAccountName: 'contoso-signing',
      certificateProfileName: 'contoso-public',
    };
    await expect(validateConfiguration(signed, logger)).resolves.toBeUndefined();
  });

  it('every artifactName expands with electron-builder\'s macro expander, for each target and arch', () => {
    const names = new Map<string, string>();
    for (const [platform, targets] of [['win', config.win.target], ['linux', config.linux.target]] as const) {
      for (const target of targets) {
        for (const arch of [...ARCHES, null]) {
          const name = artifactName(platform, target, arch);
          expect(name).not.toMatch(/\$\{/);
          expect(name.startsWith(`ISE Intune Assistant-${metadata.version}`)).toBe(true);
          expect(name.endsWith(`.${EXTENSIONS[target]}`)).toBe(true);
          // A valid Windows file name: no reserved characters, no trailing dot or space.
          expect(win32.basename(name)).toBe(name);
          expect(name).not.toMatch(/[<>:"/\\|?*]|[. ]$/);
          const key = `${platform}/${target}/${arch}`;
          const clash = [...names.entries()].find(([other, value]) => value === name && other.split('/')[1] !== target);
          expect(clash, `${key} writes the same file as ${clash?.[0]}`).toBeUndefined();
          names.set(key, name);
        }
      }
    }
    expect(names.get('win/nsis/x64')).toBe(`ISE Intune Assistant-${metadata.version}-setup.exe`);
    expect(names.get('win/msi/x64')).toBe(`ISE Intune Assistant-${metadata.version}-x64.msi`);
    expect(names.get('win/msi/arm64')).toBe(`ISE Intune Assistant-${metadata.version}-arm64.msi`);
    expect(names.get('win/portable/x64')).toBe(`ISE Intune Assistant-${metadata.version}-portable.exe`);
    expect(names.get('linux/AppImage/x64')).toBe(`ISE Intune Assistant-${metadata.version}-x86_64.AppImage`);
  });

  it('the expander refuses ${target}, the macro that stopped every Windows build (the check can fail)', () => {
    expect(() => expandMacro('${productName}-${version}-${arch}-${target}.${ext}', 'x64', appInfo, { ext: 'exe', os: 'win' })).toThrow(/macro target is not defined/);
  });

  it('Windows: per-user NSIS without an all-users choice that fails, a per-machine MSI for Intune/SCCM, an icon', () => {
    expect(config.win.target).toEqual(expect.arrayContaining(['nsis', 'msi', 'portable']));
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false, allowElevation: false });
    expect(config.msi).toMatchObject({ perMachine: true });
    expect(config.msi.upgradeCode).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const ico = readFileSync(win32.join('build', String(config.win.icon)).replace(/\\/g, '/'));
    // ICONDIR: reserved 0, type 1 (icon), then one 16-byte entry per image; width 0 means 256.
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const widths = Array.from({ length: count }, (_, index) => ico[6 + 16 * index] || 256);
    expect(widths).toEqual(expect.arrayContaining([16, 32, 48, 256]));
    const png = readFileSync(`build/${String(config.linux.icon)}`);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(256);
  });

  it('signing comes from the environment: no certificate, password or account in the file', () => {
    const text = readFileSync('electron-builder.yml', 'utf8');
    const win = config.win as Record<string, unknown>;
    expect(win.cscLink).toBeUndefined();
    expect(win.cscKeyPassword).toBeUndefined();
    expect(win.azureSignOptions).toBeUndefined();
    const signtool = win.signtoolOptions as Record<string, unknown>;
    expect(signtool.certificateFile).toBeUndefined();
    expect(signtool.certificatePassword).toBeUndefined();
    expect(signtool.signingHashAlgorithms).toEqual(['sha256']);
    expect(text).toMatch(/WIN_CSC_LINK|CSC_LINK/);
  });

  it('certificate files open with the app (file associations)', () => {
    const extensions = config.fileAssociations.flatMap((association) => association.ext);
    expect(extensions).toEqual(expect.arrayContaining(['cer', 'crt', 'pem', 'der', 'p7b', 'pfx']));
  });
});
