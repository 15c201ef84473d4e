/**
 * The system certificates of the ISE nodes that talk to Intune (DOMAIN.md step 3: each PSN asks
 * Entra itself, so Entra must hold the certificate of every node: the PAN and every PSN), each
 * with what the admin should know before registering it. Roles are the admin's choice, never
 * guessed from the order the files were loaded in.
 */
import { basename } from 'node:path';
import type { LoadedCertificate, LoadedFile } from '../../../preload/types/certs';
import type { ExistingKeyEntry, IseNodeRole, NodeCertificate, NodeWarning } from '../../../preload/types/entra';
import { expectedDisplayName } from './key-credentials';
import { certificateLabel } from '../../../preload/labels';

export interface IseNodeInput {
  /** The node's name as the admin gives it (hostname); the CLI uses the file name. */
  name: string;
  role: IseNodeRole;
  file: LoadedFile;
}

export interface NodeCheckOptions {
  now: Date;
  /** Entries already in the manifest, to compare their displayName with the node's CN. */
  registered?: ExistingKeyEntry[];
}

const DAY_MS = 86_400_000;
/** The issue's threshold: renewing and re-registering a node certificate takes planning. */
export const EXPIRY_WARNING_DAYS = 60;

export const ROLE_LABELS: Record<IseNodeRole, string> = {
  unassigned: 'node',
  'primary-pan': 'primary PAN',
  'secondary-pan': 'secondary PAN',
  psn: 'PSN',
  other: 'node',
};

/**
 * The node certificate of an export: the one whose private key is in the file, else the first
 * that is not a CA (the others are its chain), else the first.
 */
export function selectNodeCertificate(file: LoadedFile): LoadedCertificate {
  const certificates = file.certificates;
  const chosen = certificates.find((c) => c.hasPrivateKey) ?? certificates.find((c) => !c.info.isCA) ?? certificates[0];
  if (!chosen) throw new TypeError('a LoadedFile always holds at least one certificate');
  return chosen;
}

export function checkIseNodes(inputs: IseNodeInput[], options: NodeCheckOptions): NodeCertificate[] {
  const nodes = inputs.map((input) => {
    const chosen = selectNodeCertificate(input.file);
    const node: NodeCertificate = {
      name: input.name,
      role: input.role,
      file: input.file.file,
      certificate: chosen.info,
      fileHasPrivateKey: input.file.hasPrivateKey,
      warnings: [],
    };
    node.warnings.push(
      ...roleWarnings(node),
      ...validityWarnings(node, options.now),
      ...contentWarnings(node, input.file, chosen),
      ...registrationWarnings(node, options.registered),
      ...displayNameWarnings(node, options.registered ?? []),
    );
    return node;
  });
  for (const node of nodes) {
    const others = nodes.filter((other) => other !== node && other.certificate.thumbprints.sha1 === node.certificate.thumbprints.sha1);
    if (others.length === 0) continue;
    node.warnings.push({
      code: 'SHARED_CERTIFICATE',
      severity: 'info',
      message: `${describeNode(node)} uses the same certificate as ${others.map(describeNode).join(', ')}. That is fine (a shared or wildcard certificate); it is registered once.`,
      params: { ...nodeParams(node), others: others.map((other) => other.name).join(', '), count: others.length },
    });
  }
  return nodes;
}

function nodeParams(node: Pick<NodeCertificate, 'name' | 'role'>): Record<string, string> {
  return { node: node.name, role: node.role };
}

export function describeNode(node: Pick<NodeCertificate, 'name' | 'role'>): string {
  return node.role === 'other' || node.role === 'unassigned' ? node.name : `${node.name} (${ROLE_LABELS[node.role]})`;
}

function roleWarnings(node: NodeCertificate): NodeWarning[] {
  if (node.role !== 'unassigned') return [];
  return [{
    code: 'ROLE_NOT_CHOSEN',
    severity: 'warning',
    message: `Choose the role of ${node.name} (primary PAN, secondary PAN or PSN). Every node that talks to Intune needs its certificate on the app, whatever its role.`,
    params: { node: node.name },
  }];
}

/** With a manifest loaded: a node whose certificate is not among its keyCredentials, by name. */
function registrationWarnings(node: NodeCertificate, registered: ExistingKeyEntry[] | undefined): NodeWarning[] {
  if (registered === undefined || registered.some((entry) => entry.sha1 === node.certificate.thumbprints.sha1)) return [];
  return [{
    code: 'NOT_REGISTERED',
    severity: 'warning',
    message: `The certificate of ${describeNode(node)} is not registered on the app (not in the manifest's keyCredentials). Each ISE node asks Entra for tokens itself: until it is registered, this node gets AADSTS700027.`,
    params: { node: node.name, role: node.role },
  }];
}

function validityWarnings(node: NodeCertificate, now: Date): NodeWarning[] {
  const { notBefore, notAfter } = node.certificate;
  const days = Math.floor((Date.parse(notAfter) - now.getTime()) / DAY_MS);
  if (Date.parse(notAfter) < now.getTime()) {
    return [{
      code: 'EXPIRED',
      severity: 'error',
      message: `The certificate of ${describeNode(node)} expired on ${notAfter.slice(0, 10)}. Entra rejects tokens signed with it (AADSTS50012): renew the system certificate on ISE and register the new one.`,
      params: { ...nodeParams(node), date: notAfter },
    }];
  }
  if (Date.parse(notBefore) > now.getTime()) {
    return [{
      code: 'NOT_YET_VALID',
      severity: 'warning',
      message: `The certificate of ${describeNode(node)} is valid only from ${notBefore.slice(0, 10)}; until then tokens signed with it fail. Check the node's clock and the certificate's dates.`,
      params: { ...nodeParams(node), date: notBefore },
    }];
  }
  if (days < EXPIRY_WARNING_DAYS) {
    return [{
      code: 'EXPIRES_SOON',
      severity: 'warning',
      message: `The certificate of ${describeNode(node)} expires in ${days} day${days === 1 ? '' : 's'} (${notAfter.slice(0, 10)}). Plan the renewal: register the new certificate next to this one and keep both until ISE uses the new one.`,
      params: { ...nodeParams(node), count: days, date: notAfter },
    }];
  }
  return [];
}

function contentWarnings(node: NodeCertificate, file: LoadedFile, chosen: LoadedCertificate): NodeWarning[] {
  const warnings: NodeWarning[] = [];
  const { keyType } = node.certificate;
  if (keyType !== 'rsa') {
    // DOMAIN.md documents RSA client assertions only (RS256, PS256); other keys were never tried here.
    warnings.push({
      code: 'NOT_RSA',
      severity: 'warning',
      message: `The certificate of ${describeNode(node)} has a${keyType === 'ec' ? 'n EC' : ` ${keyType}`} key. ISE-to-Entra sign-in with a non-RSA certificate is untested: the token requests this app knows use RSA signatures (RS256/PS256). Prefer an RSA system certificate.`,
      params: { ...nodeParams(node), keyType: keyType.toUpperCase() },
    });
  }
  const { keySize, signatureAlgorithm } = node.certificate;
  if (keyType === 'rsa' && keySize !== null && keySize < 2048) {
    warnings.push({
      code: 'WEAK_RSA_KEY',
      severity: 'error',
      message: `The certificate of ${describeNode(node)} has an RSA ${keySize}-bit key. Entra accepts certificate credentials of 2048 bits or more: renew ISE's system certificate with a 2048-bit (or larger) key.`,
      params: { ...nodeParams(node), keySize },
    });
  }
  if (/sha1|md5/i.test(signatureAlgorithm)) {
    warnings.push({
      code: 'SHA1_SIGNATURE',
      severity: 'warning',
      message: `The certificate of ${describeNode(node)} is signed with ${signatureAlgorithm}, a hash no longer considered safe. Renew it with SHA-256.`,
      params: { ...nodeParams(node), algorithm: signatureAlgorithm },
    });
  }
  const serialProblem = oddSerial(Buffer.from(node.certificate.base64Der, 'base64'));
  if (serialProblem) {
    warnings.push({
      code: 'ODD_SERIAL',
      severity: 'warning',
      message: `The certificate of ${describeNode(node)} has a serial number that ${serialProblem.text} (RFC 5280 asks for a positive number of at most 20 bytes). Some systems refuse or mismatch such certificates; renew it if Entra or ISE misbehave.`,
      // `context` picks the window's text for this kind of serial (i18next's context: ODD_SERIAL_negative, …).
      params: { ...nodeParams(node), context: serialProblem.kind, bytes: serialProblem.bytes },
    });
  }
  if (file.hasPrivateKey) {
    warnings.push({
      code: 'PRIVATE_KEY_IN_FILE',
      severity: 'warning',
      message: `${file.file} also holds a private key. Entra needs only the certificate: upload the .cer this app writes (or ISE's "Export Certificate Only"), never this file, and store it safely.`,
      params: { ...nodeParams(node), file: basename(file.file) },
    });
  }
  if (file.certificates.length > 1) {
    warnings.push({
      code: 'SEVERAL_CERTIFICATES_IN_FILE',
      severity: 'info',
      message: `${file.file} holds ${file.certificates.length} certificates; the node certificate taken is #${chosen.index + 1} (${certificateLabel(node.certificate)}), the others are treated as its chain and not registered.`,
      params: { ...nodeParams(node), file: basename(file.file), count: file.certificates.length, index: chosen.index + 1, cn: certificateLabel(node.certificate) },
    });
  }
  return warnings;
}

/**
 * What is odd about a certificate's serial number (RFC 5280 4.1.2.2: a positive INTEGER of at
 * most 20 octets), read from the DER: Certificate SEQUENCE > TBSCertificate SEQUENCE >
 * [0] version (optional) > INTEGER serialNumber. Null when it is fine or cannot be read.
 */
export interface OddSerial {
  kind: 'negative' | 'zero' | 'long';
  /** The serial's length in bytes, without a leading zero byte. */
  bytes: number;
  /** The same in English words, after "a serial number that". */
  text: string;
}

export function oddSerial(der: Buffer): OddSerial | null {
  let offset = 0;
  const header = (expected: number | null): { tag: number; start: number; length: number } | null => {
    const tag = der[offset];
    if (tag === undefined || (expected !== null && tag !== expected)) return null;
    let length = der[offset + 1] ?? 0;
    let start = offset + 2;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count < 1 || count > 4) return null;
      length = 0;
      for (let index = 0; index < count; index++) length = length * 256 + (der[start + index] ?? 0);
      start += count;
    }
    return { tag, start, length };
  };
  const certificate = header(0x30);
  if (!certificate) return null;
  offset = certificate.start;
  const tbs = header(0x30);
  if (!tbs) return null;
  offset = tbs.start;
  if (der[offset] === 0xa0) {
    const version = header(0xa0);
    if (!version) return null;
    offset = version.start + version.length;
  }
  const serial = header(0x02);
  if (!serial || serial.length === 0) return null;
  const bytes = der.subarray(serial.start, serial.start + serial.length);
  const significant = bytes[0] === 0 ? bytes.length - 1 : bytes.length;
  if (((bytes[0] as number) & 0x80) !== 0) return { kind: 'negative', bytes: significant, text: 'is negative' };
  if (bytes.every((byte) => byte === 0)) return { kind: 'zero', bytes: significant, text: 'is zero' };
  if (significant > 20) return { kind: 'long', bytes: significant, text: `is ${significant} bytes long` };
  return null;
}

/** Cisco asks that the manifest displayName match the ISE certificate's CN (DOMAIN.md). */
function displayNameWarnings(node: NodeCertificate, registered: ExistingKeyEntry[]): NodeWarning[] {
  const expected = expectedDisplayName(node.certificate);
  const bare = node.certificate.subjectCN.toLowerCase();
  return registered
    .filter((entry) => entry.sha1 === node.certificate.thumbprints.sha1 && entry.displayName !== null)
    .filter((entry) => {
      const name = (entry.displayName ?? '').trim().toLowerCase();
      return name !== expected.toLowerCase() && name !== bare;
    })
    .map((entry) => ({
      code: 'DISPLAY_NAME_DIFFERS_FROM_CN' as const,
      severity: 'warning' as const,
      message: `The manifest entry ${entry.keyId ?? `#${entry.index + 1}`} for ${describeNode(node)} is named "${entry.displayName ?? ''}", but Cisco asks that the displayName match the certificate: "${expected}".`,
      params: { ...nodeParams(node), entry: entry.keyId ?? `#${entry.index + 1}`, name: entry.displayName ?? '', expected },
    }));
}
