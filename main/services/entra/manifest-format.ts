/**
 * Reading an app manifest: JSON with comments and trailing commas (jsonc-parser, manifest-json.ts),
 * then which of the two formats it is (DOMAIN.md "App manifest: two formats"), then its
 * keyCredentials list. Anything else is refused with a sentence that says how to get the right file.
 */
import type { JsonRepair, ManifestFormat } from '../../../preload/types/entra';
import { ServiceError } from '../errors';
import { readBoundedFile } from '../files';
import { decodeJsonBytes, memberValue, membersNamed, readManifestJson, type JsonNode } from './manifest-json';

export interface ParsedManifest {
  format: ManifestFormat;
  formatEvidence: string[];
  repairs: JsonRepair[];
  /** The manifest as read, with its repairs applied (strict JSON); the merge edits this text. */
  text: string;
  /** The tree of `text`: an object. */
  root: JsonNode;
  /** The keyCredentials list's node in `root`: an array. */
  keyCredentials: JsonNode;
}

/** Manifests are a few kilobytes; a bigger file is not one. */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;

const DOWNLOAD_HINT = 'Download the manifest from Entra: App registrations > your app > Manifest > Download.';

// DOMAIN.md: Graph has implicitGrantSettings / signInAudience / api (implicitGrantSettings
// sits under `web` in Graph's schema); legacy has replyUrlsWithType, oauth2Permissions,
// availableToOtherTenants. Newer legacy manifests also carry signInAudience, so it only
// decides when no other marker does.
const GRAPH_MARKERS = ['api', 'implicitGrantSettings', 'web.implicitGrantSettings'];
const LEGACY_MARKERS = ['oauth2Permissions', 'replyUrlsWithType', 'availableToOtherTenants'];
const WEAK_GRAPH_MARKER = 'signInAudience';
const GRAPH_ITEM_KEYS = ['startDateTime', 'endDateTime', 'key', 'displayName'];
const LEGACY_ITEM_KEYS = ['startDate', 'endDate', 'value'];

function has(root: JsonNode, path: string): boolean {
  let node: JsonNode | undefined = root;
  for (const key of path.split('.')) node = memberValue(node, key);
  return node !== undefined;
}

/** The format and the fields that show it; a ServiceError for JSON that is not a manifest. */
export function detectManifestFormat(root: JsonNode): { format: ManifestFormat; evidence: string[] } {
  if (root.type === 'array') {
    throw new ServiceError('MANIFEST_IS_ARRAY', `This file is a JSON list, not an app manifest (a manifest is one JSON object). ${DOWNLOAD_HINT}`);
  }
  if (root.type !== 'object') {
    throw new ServiceError('MANIFEST_NOT_OBJECT', `This file holds a single JSON ${root.type}, not an app manifest. ${DOWNLOAD_HINT}`);
  }
  const graph = GRAPH_MARKERS.filter((marker) => has(root, marker));
  const legacy = LEGACY_MARKERS.filter((marker) => has(root, marker));
  if (graph.length > 0 && legacy.length === 0) return { format: 'graph', evidence: graph };
  if (legacy.length > 0 && graph.length === 0) return { format: 'legacy', evidence: legacy };
  if (graph.length > 0 && legacy.length > 0) {
    const byItems = formatOfItems(root);
    if (byItems) return { format: byItems.format, evidence: [...byItems.evidence] };
    throw new ServiceError(
      'MANIFEST_FORMAT_AMBIGUOUS',
      `This manifest mixes Microsoft Graph fields (${graph.join(', ')}) and Azure AD Graph fields (${legacy.join(', ')}), so its format cannot be told. ${DOWNLOAD_HINT}`,
    );
  }
  if (has(root, WEAK_GRAPH_MARKER)) return { format: 'graph', evidence: [WEAK_GRAPH_MARKER] };
  // An excerpt such as the technote's (appId and keyCredentials only): its entries tell the
  // format; with no entries to tell, it is the technote's own format, the legacy one.
  if (has(root, 'appId') && memberValue(root, 'keyCredentials')?.type === 'array') {
    return formatOfItems(root) ?? { format: 'legacy', evidence: ['appId', 'keyCredentials'] };
  }
  throw new ServiceError(
    'MANIFEST_UNKNOWN_FORMAT',
    `This JSON file is not an Entra app manifest: it has none of the fields of one (Microsoft Graph: ${[WEAK_GRAPH_MARKER, ...GRAPH_MARKERS.slice(0, 2)].join(', ')}; Azure AD Graph: ${LEGACY_MARKERS.join(', ')}). ${DOWNLOAD_HINT}`,
  );
}

/** When top-level fields disagree, the existing keyCredentials items may tell. */
function formatOfItems(root: JsonNode): { format: ManifestFormat; evidence: string[] } | null {
  const list = memberValue(root, 'keyCredentials');
  if (list?.type !== 'array') return null;
  const keys = new Set((list.children ?? []).flatMap((item) => (item.type === 'object' ? (item.children ?? []).map((property) => String(property.children?.[0]?.value)) : [])));
  const graph = GRAPH_ITEM_KEYS.filter((key) => keys.has(key)).map((key) => `keyCredentials[].${key}`);
  const legacy = LEGACY_ITEM_KEYS.filter((key) => keys.has(key)).map((key) => `keyCredentials[].${key}`);
  if (graph.length > 0 && legacy.length === 0) return { format: 'graph', evidence: graph };
  if (legacy.length > 0 && graph.length === 0) return { format: 'legacy', evidence: legacy };
  return null;
}

export function parseManifest(text: string, repairsSoFar: JsonRepair[] = []): ParsedManifest {
  const json = readManifestJson(text);
  const { root, repairs } = json;
  const { format, evidence } = detectManifestFormat(root);
  const lists = membersNamed(root, 'keyCredentials');
  if (lists.length > 1) {
    throw new ServiceError('MANIFEST_DUPLICATE_KEY_CREDENTIALS', `This manifest has "keyCredentials" ${lists.length} times; keep one list and load it again.`);
  }
  const list = lists[0]?.children?.[1];
  if (list === undefined) {
    throw new ServiceError('MANIFEST_NO_KEY_CREDENTIALS', `This manifest has no "keyCredentials" list, which every downloaded manifest has. ${DOWNLOAD_HINT}`);
  }
  if (list.type !== 'array') {
    throw new ServiceError('MANIFEST_BAD_KEY_CREDENTIALS', `"keyCredentials" in this manifest is a ${list.type}, not a list. ${DOWNLOAD_HINT}`);
  }
  return { format, formatEvidence: evidence, repairs: [...repairsSoFar, ...repairs], text: json.text, root, keyCredentials: list };
}

export function parseManifestBytes(bytes: Buffer): ParsedManifest {
  const { text, repairs } = decodeJsonBytes(bytes);
  return parseManifest(text, repairs);
}

/** A manifest file's bytes: a regular file of at most MAX_MANIFEST_BYTES. */
export function readManifestBytes(path: string): Promise<Buffer> {
  return readBoundedFile(path, {
    code: 'MANIFEST_UNREADABLE',
    noun: 'manifest file',
    maxBytes: MAX_MANIFEST_BYTES,
    tooLarge: (size) => new ServiceError('MANIFEST_TOO_LARGE', `${path} is ${Math.round(size / 1024)} KB or more; an app manifest is a few KB. ${DOWNLOAD_HINT}`),
  });
}

/** Reads and parses a manifest file; file-system problems become ServiceErrors naming the file. */
export async function readManifestFile(path: string): Promise<ParsedManifest> {
  const bytes = await readManifestBytes(path);
  return parseManifestBytes(bytes);
}
