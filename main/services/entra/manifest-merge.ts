/**
 * Adding ISE certificates to a manifest's keyCredentials (DOMAIN.md "App manifest: two
 * formats"): uploading a manifest replaces the whole list, so every existing entry is kept
 * exactly as read — including `value`/`key` null, which is how Entra reads them back — and a
 * certificate already on the app is never added twice. Recognising it works on bytes: the
 * customKeyIdentifier may be base64 SHA-1 (PowerShell route), 40-character hex (portal
 * uploads in Graph format) or null, and a not-yet-uploaded entry still carries the certificate.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { ValidityStatus } from '../../../preload/types/certs';
import type { AddedKeyEntry, AlreadyRegistered, ExistingKeyEntry, ManifestInfo, MergeResult, NodeCertificate } from '../../../preload/types/entra';
import { decodeThumbprint } from '../certs';
import { toKeyCredential } from './key-credentials';
import type { ParsedManifest } from './manifest-format';
import { applyEdits, modify } from 'jsonc-parser';
import { layoutOf, stringMember, type JsonNode } from './manifest-json';

export interface MergeOptions {
  now: Date;
  /** Source of new keyIds; a random v4 GUID each (the seed's `[System.Guid]::NewGuid()`). */
  newKeyId?: () => string;
}

/** What an existing entry can be recognised by. */
interface EntryIdentity {
  /** SHA-1 of the certificate the entry carries (value/key not null). */
  certificateSha1: Buffer | null;
  /** The bytes customKeyIdentifier spells, when it spells a SHA-1 or SHA-256 thumbprint. */
  identifier: Buffer | null;
}

function certificateBytes(entry: JsonNode): Buffer | null {
  const text = stringMember(entry, 'key') ?? stringMember(entry, 'value');
  if (!text) return null;
  const compact = text.replace(/\s+/g, '');
  const bytes = Buffer.from(compact, 'base64');
  // Buffer.from ignores junk; only a true base64 body counts as a certificate.
  return bytes.length > 0 && bytes.toString('base64') === compact ? bytes : null;
}

function identify(entry: JsonNode): EntryIdentity {
  const der = certificateBytes(entry);
  const identifier = stringMember(entry, 'customKeyIdentifier');
  return {
    certificateSha1: der ? createHash('sha1').update(der).digest() : null,
    identifier: identifier === null ? null : decodeThumbprint(identifier),
  };
}

function statusOf(start: string | null, end: string | null, now: Date): ValidityStatus | 'unknown' {
  const from = start === null ? NaN : Date.parse(start);
  const to = end === null ? NaN : Date.parse(end);
  if (Number.isNaN(from) || Number.isNaN(to)) return 'unknown';
  if (now.getTime() < from) return 'not-yet-valid';
  return now.getTime() > to ? 'expired' : 'valid';
}

function nodeMatches(identity: EntryIdentity, node: NodeCertificate): 'certificate' | 'thumbprint' | null {
  const sha1 = Buffer.from(node.certificate.thumbprints.sha1, 'hex');
  const sha256 = Buffer.from(node.certificate.thumbprints.sha256, 'hex');
  if (identity.certificateSha1?.equals(sha1)) return 'certificate';
  if (identity.identifier && (identity.identifier.equals(sha1) || identity.identifier.equals(sha256))) return 'thumbprint';
  return null;
}

/** Each existing key: id, dates, status as of `now`, and the loaded nodes it belongs to. */
export function describeExistingKeys(manifest: ParsedManifest, nodes: NodeCertificate[], now: Date): ExistingKeyEntry[] {
  return entries(manifest).map((entry, index) => {
    const identity = identify(entry);
    const sha1 = identity.certificateSha1 ?? (identity.identifier?.length === 20 ? identity.identifier : null);
    const startDate = stringMember(entry, 'startDateTime') ?? stringMember(entry, 'startDate');
    const endDate = stringMember(entry, 'endDateTime') ?? stringMember(entry, 'endDate');
    return {
      index,
      keyId: stringMember(entry, 'keyId'),
      displayName: stringMember(entry, 'displayName'),
      customKeyIdentifier: stringMember(entry, 'customKeyIdentifier'),
      sha1: sha1 ? sha1.toString('hex').toUpperCase() : null,
      startDate,
      endDate,
      status: statusOf(startDate, endDate, now),
      checkedAt: now.toISOString(),
      hasCertificate: identity.certificateSha1 !== null,
      nodes: nodes.filter((node) => nodeMatches(identity, node) !== null).map((node) => node.name),
    };
  });
}

export function describeManifest(file: string, manifest: ParsedManifest, nodes: NodeCertificate[], now: Date): ManifestInfo {
  return { file, format: manifest.format, formatEvidence: manifest.formatEvidence, repairs: manifest.repairs, entries: describeExistingKeys(manifest, nodes, now) };
}

function entries(manifest: ParsedManifest): JsonNode[] {
  return manifest.keyCredentials.children ?? [];
}

/**
 * The merged manifest and the diff to show before saving; `manifest` itself is not modified.
 * The new entries are appended to keyCredentials as edits of the text (jsonc-parser's `modify`),
 * laid out as the file is; every byte outside keyCredentials stays as read.
 */
export function mergeKeyCredentials(manifest: ParsedManifest, nodes: NodeCertificate[], options: MergeOptions): MergeResult {
  const newKeyId = options.newKeyId ?? randomUUID;
  const identities = entries(manifest).map(identify);
  const added: AddedKeyEntry[] = [];
  const alreadyRegistered: AlreadyRegistered[] = [];
  // Nodes sharing a certificate are one entry (DOMAIN.md: one key per certificate).
  const groups = new Map<string, NodeCertificate[]>();
  for (const node of nodes) groups.set(node.certificate.thumbprints.sha1, [...(groups.get(node.certificate.thumbprints.sha1) ?? []), node]);
  for (const [sha1, group] of groups) {
    const first = group[0] as NodeCertificate;
    const names = group.map((node) => node.name);
    const index = identities.findIndex((identity) => nodeMatches(identity, first) !== null);
    const identity = identities[index];
    if (identity) {
      const entry = entries(manifest)[index] as JsonNode;
      alreadyRegistered.push({ nodes: names, sha1, index, keyId: stringMember(entry, 'keyId'), matchedBy: nodeMatches(identity, first) ?? 'thumbprint' });
      continue;
    }
    added.push({ keyCredential: toKeyCredential(first.certificate, manifest.format, newKeyId()), nodes: names, sha1 });
  }
  const formattingOptions = layoutOf(manifest.text);
  let text = manifest.text;
  for (const entry of added) {
    text = applyEdits(text, modify(text, ['keyCredentials', -1], entry.keyCredential, { isArrayInsertion: true, formattingOptions }));
  }
  return {
    format: manifest.format,
    repairs: manifest.repairs,
    diff: { added, unchanged: describeExistingKeys(manifest, nodes, options.now), alreadyRegistered },
    text,
  };
}
