/**
 * Support-bundle archives for the diagnosis tests, made by the real tools (`zip`, `tar`) where
 * they exist, and a minimal zip writer (node:zlib deflateRaw + hand-written headers) that can
 * also set the "encrypted" flag no tool sets without really encrypting.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

export interface ArchiveMember {
  /** Path inside the archive, `/`-separated. */
  name: string;
  content: string | Buffer;
}

export const ZIP_TOOL = '/usr/bin/zip';
export const TAR_TOOL = '/usr/bin/tar';

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd }, (error, _stdout, stderr) => (error ? reject(new Error(`${command} ${args.join(' ')} failed: ${stderr}`)) : resolvePromise()));
  });
}

async function stage(members: ArchiveMember[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ise-intune-archive-'));
  for (const member of members) {
    await mkdir(dirname(join(dir, member.name)), { recursive: true });
    await writeFile(join(dir, member.name), member.content);
  }
  return dir;
}

/** A .tar.gz made by `tar -czf` (or an uncompressed .tar with `gzip: false`). */
export async function createTarball(path: string, members: ArchiveMember[], options: { gzip?: boolean } = {}): Promise<string> {
  const dir = await stage(members);
  try {
    await run(TAR_TOOL, [options.gzip === false ? '-cf' : '-czf', path, ...members.map((member) => member.name)], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return path;
}

/** A .zip made by Info-ZIP `zip` when installed (with `password`: ZipCrypto), else by `writeZip`. */
export async function createZip(path: string, members: ArchiveMember[], options: { password?: string } = {}): Promise<string> {
  if (!existsSync(ZIP_TOOL)) return writeZip(path, members, { encryptedFlag: options.password !== undefined });
  const dir = await stage(members);
  try {
    await run(ZIP_TOOL, ['-q', ...(options.password !== undefined ? ['-P', options.password] : []), path, ...members.map((member) => member.name)], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return path;
}

/**
 * A minimal zip (APPNOTE 4.3): deflated members, local headers, central directory, end record.
 * `encryptedFlag` sets general-purpose bit 0 ("encrypted") on every member.
 */
export async function writeZip(path: string, members: ArchiveMember[], options: { encryptedFlag?: boolean } = {}): Promise<string> {
  const flags = options.encryptedFlag ? 0x0001 : 0;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const data = Buffer.isBuffer(member.content) ? member.content : Buffer.from(member.content);
    const compressed = deflateRawSync(data);
    const name = Buffer.from(member.name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, compressed);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  await writeFile(path, Buffer.concat([...locals, directory, end]));
  return path;
}
