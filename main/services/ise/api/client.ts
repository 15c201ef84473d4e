/**
 * ISE's OpenAPI for trusted certificates, as Cisco's SDKs (ciscoisesdk, ciscoise-go-sdk) call it:
 *   GET  /api/v1/certs/trusted-certificate?page=N&size=M  -> {response: [...], version, nextPage?: {rel, href}}
 *   GET  /api/v1/certs/trusted-certificate/{id}           -> {response: {...}, version}
 *   GET  /api/v1/certs/trusted-certificate/export/{id}    -> a file (Content-Disposition attachment)
 *   POST /api/v1/certs/trusted-certificate/import         -> {response: {id, message, status}, version}
 * UNCONFIRMED (no live ISE was available): the exported file's format (PEM assumed, DER and a
 * JSON-wrapped PEM accepted, ZIP refused), the date format of validFrom/expirationDate, the
 * largest page size, and the wording of ISE's duplicate-import and disabled-API answers.
 * Every answer is matched loosely for those and the rest is documented in tests/support/ise-standin.ts.
 */
import { z } from 'zod';
import type { IseImportFlags, IseTrustedCertificate } from '../../../../preload/types/ise-api';
import { loadCertificateBytes } from '../../certs';
import { ServiceError, isServiceError } from '../../errors';
import { iseRequest, type IseEndpoint, type IseHttpResponse } from './connection';

export const TRUSTED_CERTIFICATE_PATH = '/api/v1/certs/trusted-certificate';
/** ISE's menu path that turns the OpenAPI on (Cisco technote 222195, ISE 3.1+). */
export const ISE_API_MENU_PATH = 'Administration > System > Settings > API Settings > API Service Settings';
const ENABLE_API = `In ISE open ${ISE_API_MENU_PATH}, turn on "Open API (Read/Write)" and click Save (ISE 3.1 or later).`;
/** ISE documents `size` without a maximum; 100 is ERS's limit and assumed here (UNCONFIRMED). */
export const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGES = 500;

const text = z.union([z.string(), z.number(), z.boolean(), z.null()]).optional();
const entrySchema = z.looseObject({
  id: z.string().min(1),
  friendlyName: text,
  description: text,
  subject: text,
  issuedTo: text,
  issuedBy: text,
  validFrom: text,
  expirationDate: text,
  trustedFor: text,
  status: text,
  serialNumberDecimalFormat: text,
  sha256Fingerprint: text,
  internalCA: text,
});
type RawEntry = z.infer<typeof entrySchema>;
const listSchema = z.looseObject({
  response: z.array(entrySchema),
  nextPage: z.looseObject({ href: z.string() }).nullish(),
});
const itemSchema = z.looseObject({ response: entrySchema });
const importSchema = z.looseObject({ response: z.looseObject({ id: z.string().nullish(), message: z.string().nullish() }).nullish() });

/** The body of the import request, exactly as ISE documents it. */
export interface IseImportBody extends IseImportFlags {
  name: string;
  description: string;
  data: string;
}

export type ImportAnswer = { outcome: 'imported'; id: string | null; message: string } | { outcome: 'already-present'; message: string };
export type ExportAnswer = { ok: true; der: Buffer } | { ok: false; reason: string };

export interface TrustedCertificateList {
  entries: IseTrustedCertificate[];
  pages: number;
}

/** One login to one ISE. The password lives only inside the Authorization value, in a private field. */
export class IseApiClient {
  readonly #authorization: string;

  constructor(
    readonly endpoint: IseEndpoint,
    readonly username: string,
    password: string,
  ) {
    if (username === '' || username.includes(':')) {
      throw new ServiceError('ISE_BAD_USERNAME', 'The ISE user name is empty or contains ":", which Basic authentication cannot carry.');
    }
    this.#authorization = `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
  }

  /** Every trusted certificate, page after page (following `nextPage` on this host only). */
  async listTrustedCertificates(options: { pageSize?: number; now?: Date } = {}): Promise<TrustedCertificateList> {
    const size = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const now = options.now ?? new Date();
    const entries: IseTrustedCertificate[] = [];
    let page = 1;
    let pages = 0;
    for (;;) {
      const path = `${TRUSTED_CERTIFICATE_PATH}?page=${page}&size=${size}`;
      const parsed = parseJson(this.endpoint, await this.#send('GET', path), listSchema, 'list the trusted certificates', 'collection');
      pages++;
      entries.push(...parsed.response.map((raw) => toTrustedCertificate(raw, now)));
      const next = nextPageNumber(parsed.nextPage?.href);
      if (parsed.response.length === 0 || next === null) break;
      if (next <= page || pages >= MAX_PAGES) {
        throw new ServiceError('ISE_BAD_RESPONSE', `ISE at ${this.endpoint.target} pointed to page ${next} after page ${page}; the listing was stopped to avoid a loop.`);
      }
      page = next;
    }
    return { entries, pages };
  }

  async getTrustedCertificate(id: string, now = new Date()): Promise<IseTrustedCertificate> {
    const response = await this.#send('GET', `${TRUSTED_CERTIFICATE_PATH}/${encodeURIComponent(id)}`);
    return toTrustedCertificate(parseJson(this.endpoint, response, itemSchema, `read trusted certificate ${id}`, 'item').response, now);
  }

  /** The certificate of one entry, or why it could not be had (then entries are matched by their fields). */
  async exportTrustedCertificate(id: string): Promise<ExportAnswer> {
    const response = await this.#send('GET', `${TRUSTED_CERTIFICATE_PATH}/export/${encodeURIComponent(id)}`, undefined, '*/*');
    if (response.status === 404 || response.status === 405 || response.status === 501) {
      return { ok: false, reason: `ISE answered HTTP ${response.status} to the export of trusted certificate ${id}.` };
    }
    if (response.status < 200 || response.status > 299) throw httpFailure(this.endpoint, response, `export trusted certificate ${id}`, 'item');
    return decodeExport(response);
  }

  /** ISE answering that the certificate exists already is a success for the user: `already-present`. */
  async importTrustedCertificate(body: IseImportBody): Promise<ImportAnswer> {
    const response = await this.#send('POST', `${TRUSTED_CERTIFICATE_PATH}/import`, body);
    if (response.status >= 200 && response.status <= 299) {
      const parsed = parseJson(this.endpoint, response, importSchema, `import ${body.name}`, 'collection');
      return { outcome: 'imported', id: parsed.response?.id ?? null, message: parsed.response?.message ?? 'Imported.' };
    }
    const message = iseMessage(response);
    if (response.status >= 400 && response.status < 500 && ![401, 403, 404].includes(response.status)) {
      if (/security check failed/i.test(message)) {
        throw new ServiceError(
          'ISE_SECURITY_CHECK',
          `ISE's API refused "${body.name}" with "Security Check Failed", a known ISE problem with some characters (such as an apostrophe) in a request. ` +
            'Import this certificate in the ISE GUI under Administration > System > Certificates > Trusted Certificates > Import.',
        );
      }
      if (/name/i.test(message) && /(already|exist|in use|unique|duplicate|taken)/i.test(message)) {
        throw new ServiceError('ISE_NAME_TAKEN', `ISE already has a trusted certificate named "${body.name}" (${message}).`);
      }
      if (/(already\s+(exists?|present|in\b)|duplicate|same\s+(certificate|subject|serial|fingerprint))/i.test(message)) {
        return { outcome: 'already-present', message: `ISE already trusts this certificate (${message}).` };
      }
    }
    throw httpFailure(this.endpoint, response, `import "${body.name}"`, 'collection');
  }

  /** Never serialise the credentials with the client. */
  toJSON(): { endpoint: string; username: string } {
    return { endpoint: this.endpoint.target, username: this.username };
  }

  #send(method: 'GET' | 'POST', path: string, json?: unknown, accept?: string): Promise<IseHttpResponse> {
    return iseRequest(this.endpoint, this.#authorization, { method, path, ...(json === undefined ? {} : { json }), ...(accept ? { accept } : {}) });
  }
}

/** The page number of a `nextPage.href`; only its query is used, never its host. */
function nextPageNumber(href: string | undefined): number | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href, 'https://ise.invalid');
  } catch {
    return null;
  }
  const page = Number(url.searchParams.get('page'));
  return Number.isInteger(page) && page > 0 ? page : null;
}

type Kind = 'collection' | 'item';

function parseJson<T>(endpoint: IseEndpoint, response: IseHttpResponse, schema: z.ZodType<T>, what: string, kind: Kind): T {
  if (response.status < 200 || response.status > 299) throw httpFailure(endpoint, response, what, kind);
  if (/text\/html/i.test(response.contentType)) {
    // ISE answers some /api paths with its login page when the API service is off.
    throw new ServiceError('ISE_API_DISABLED', `ISE at ${endpoint.target} answered with a web page instead of API data: its Open API is probably turned off. ${ENABLE_API}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new ServiceError('ISE_BAD_RESPONSE', `ISE at ${endpoint.target} answered "${what}" with something that is not JSON.`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ServiceError('ISE_BAD_RESPONSE', `ISE at ${endpoint.target} answered "${what}" in an unexpected shape.`, parsed.error.message);
  }
  return parsed.data;
}

export function httpFailure(endpoint: IseEndpoint, response: IseHttpResponse, what: string, kind: Kind): ServiceError {
  const where = `ISE at ${endpoint.target}`;
  const detail = iseMessage(response);
  const said = detail ? `: ${detail}` : '';
  switch (true) {
    case response.status === 401:
      return new ServiceError(
        'ISE_AUTH_FAILED',
        `${where} refused the user name or password (HTTP 401). Check them; the account must be an ISE admin allowed to use the API (for example in the Super Admin or ERS Admin group). ` +
          `If they are right, check that the Open API is on: ${ISE_API_MENU_PATH}, "Open API (Read/Write)".`,
      );
    case response.status === 403:
      return new ServiceError('ISE_FORBIDDEN', `${where} accepted the login but does not let this account ${what} (HTTP 403${said}). Use an admin with Open API read/write rights.`);
    case response.status === 404 && kind === 'collection':
      return new ServiceError('ISE_API_DISABLED', `${where} has no Open API for trusted certificates (HTTP 404): the API is turned off. ${ENABLE_API}`);
    case response.status === 404:
      return new ServiceError('ISE_NOT_FOUND', `${where} has no such entry (${what}, HTTP 404). The trust store changed meanwhile: read it again.`);
    case response.status >= 500:
      return new ServiceError('ISE_SERVER_ERROR', `${where} failed to ${what} (HTTP ${response.status}${said}). Try again; if it persists, check the ISE application status.`);
    default:
      return new ServiceError('ISE_REQUEST_REJECTED', `${where} refused to ${what} (HTTP ${response.status}${said}).`);
  }
}

/** The message in ISE's error body: `{response: {message}}` (OpenAPI), `{message}`, or ERS's `{ERSResponse: {messages: [{title}]}}`. */
export function iseMessage(response: IseHttpResponse): string {
  let value: unknown;
  try {
    value = JSON.parse(response.body.toString('utf8'));
  } catch {
    return '';
  }
  const record = value as {
    response?: { message?: unknown };
    message?: unknown;
    error?: { message?: unknown };
    ERSResponse?: { messages?: { title?: unknown }[] };
  } | null;
  const found = [record?.response?.message, record?.message, record?.error?.message, record?.ERSResponse?.messages?.[0]?.title].find(
    (candidate): candidate is string => typeof candidate === 'string' && candidate.trim() !== '',
  );
  return (found ?? '').trim().slice(0, 300);
}

function decodeExport(response: IseHttpResponse): ExportAnswer {
  const body = response.body;
  if (body.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))) {
    return { ok: false, reason: 'ISE exported a ZIP archive; the certificates were matched by the fields ISE lists instead.' };
  }
  let bytes = body;
  if (/json/i.test(response.contentType)) {
    // A PEM inside a JSON string has its line breaks escaped.
    const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(body.toString('utf8').replace(/\\n/g, '\n'));
    if (!pem) return { ok: false, reason: 'ISE exported JSON without a certificate in it.' };
    bytes = Buffer.from(pem[0], 'utf8');
  }
  try {
    const loaded = loadCertificateBytes(bytes, 'ISE export');
    const first = loaded.certificates[0];
    if (!first) return { ok: false, reason: 'ISE exported a file without a certificate.' };
    return { ok: true, der: Buffer.from(first.info.base64Der, 'base64') };
  } catch (error) {
    if (!isServiceError(error)) throw error;
    return { ok: false, reason: `ISE exported a file that is not a certificate (${error.message})` };
  }
}

function asText(value: RawEntry[keyof RawEntry]): string {
  return value === undefined || value === null ? '' : String(value);
}

export function toTrustedCertificate(raw: RawEntry, now: Date): IseTrustedCertificate {
  const expiration = parseIseDate(asText(raw.expirationDate));
  const validFrom = parseIseDate(asText(raw.validFrom));
  return {
    id: raw.id,
    friendlyName: asText(raw.friendlyName),
    description: asText(raw.description),
    subject: asText(raw.subject),
    issuedTo: asText(raw.issuedTo),
    issuedBy: asText(raw.issuedBy),
    validFrom: validFrom?.toISOString() ?? asText(raw.validFrom),
    expirationDate: expiration?.toISOString() ?? asText(raw.expirationDate),
    expired: expiration ? expiration.getTime() < now.getTime() : null,
    trustedFor: asText(raw.trustedFor).split(',').map((word) => word.trim()).filter((word) => word !== ''),
    status: asText(raw.status),
    serialNumberDecimalFormat: asText(raw.serialNumberDecimalFormat),
    sha256Fingerprint: asText(raw.sha256Fingerprint),
    internalCA: raw.internalCA === true || raw.internalCA === 'true',
    identifiedBy: null,
    certificate: null,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * ISE's dates (format UNCONFIRMED): Java's `Date.toString()` ("Tue Nov 09 16:00:00 UTC 2026"),
 * "yyyy-MM-dd HH:mm:ss" (the filter format ISE documents, read as UTC), or ISO 8601.
 * Null when the text is none of these; the caller then keeps ISE's text.
 */
export function parseIseDate(textValue: string): Date | null {
  const java = /^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (UTC|GMT) (\d{4})$/.exec(textValue.trim());
  if (java) {
    const month = MONTHS.indexOf(java[1] as string);
    if (month < 0) return null;
    return new Date(Date.UTC(Number(java[7]), month, Number(java[2]), Number(java[3]), Number(java[4]), Number(java[5])));
  }
  const plain = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(textValue.trim());
  if (!plain) return null;
  const date = new Date(plain[7] ? textValue.trim().replace(' ', 'T') : `${plain[1]}-${plain[2]}-${plain[3]}T${plain[4]}:${plain[5]}:${plain[6]}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}
