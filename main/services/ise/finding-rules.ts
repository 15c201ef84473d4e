/**
 * Which findings one log entry shows. AADSTS codes decide first (Microsoft's texts:
 * "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key was not
 * found., ...]"); ISE's own wordings without a code (the Test Connection pop-up) are
 * recognised by their sentences.
 */
import type { FindingCode } from '../../../preload/types/diagnosis';
import type { LogEntry } from './log-entries';
import { isMdmContext } from './relevance';

export interface RuleMatch {
  code: FindingCode;
  /** `AADSTS700027`, when the entry names one for this finding. */
  aadsts: string | null;
  /** Index in entry.lines of the line that shows it. */
  lineIndex: number;
}

const AADSTS = /AADSTS(\d{5,8})/g;
const AADSTS_FINDINGS: Record<string, FindingCode> = {
  '700027': 'KEY_NOT_FOUND',
  '50012': 'KEY_EXPIRED',
  '50013': 'KEY_MISMATCH',
  '700016': 'APP_NOT_FOUND',
  '7000215': 'SECRET_INSTEAD_OF_CERT',
  '65001': 'CONSENT_MISSING',
};
// AADSTS50012 also means "invalid client secret" or a bad assertion; only its expired-key
// wording is KEY_EXPIRED, the others are looked up like any unknown code.
const EXPIRED_KEY = /The key used is expired/i;

interface TextRule {
  code: FindingCode;
  pattern: RegExp;
  /** Only when the entry is about MDM (a PKIX failure of the posture feed is not). */
  mdmOnly: boolean;
}

const TEXT_RULES: readonly TextRule[] = [
  { code: 'PKIX_PATH', pattern: /PKIX path (?:building|validation) failed|unable to find valid certification path/i, mdmOnly: true },
  { code: 'KEY_NOT_FOUND', pattern: /The key was not found|is not registered on application/i, mdmOnly: false },
  { code: 'KEY_EXPIRED', pattern: EXPIRED_KEY, mdmOnly: false },
  { code: 'KEY_MISMATCH', pattern: /use of the key to verify the signature failed/i, mdmOnly: false },
  { code: 'APP_NOT_FOUND', pattern: /Application with identifier '[^']*' was not found in the directory/i, mdmOnly: false },
  { code: 'SECRET_INSTEAD_OF_CERT', pattern: /Invalid client secret (?:is )?provided/i, mdmOnly: false },
  { code: 'CONSENT_MISSING', pattern: /Authorization_RequestDenied|Insufficient privileges to complete the operation|has not consented to use the application/i, mdmOnly: false },
  { code: 'LEGACY_GRAPH', pattern: /graph\.windows\.net/i, mdmOnly: true },
  {
    code: 'NETWORK',
    pattern: /SocketTimeoutException|ConnectTimeoutException|connect timed out|Read timed out|UnknownHostException|Connection refused|NoRouteToHostException|Network is unreachable|Unable to tunnel through proxy|Proxy Authentication Required|HttpHostConnectException/i,
    mdmOnly: true,
  },
  { code: 'TOKEN_FAILED', pattern: /Failed to acquire (?:an? )?auth(?:entication)? token|Unable to acquire (?:an? )?access token|Failed to (?:get|obtain) (?:an? )?(?:access|auth) token/i, mdmOnly: true },
];

// A 403 counts as missing consent only on the Graph discovery call.
const HTTP_403 = /\b(?:HTTP\/1\.[01] 403|403 Forbidden|(?:status|response|HTTP|code)[\s_-]*(?:code)?\s*[:=]?\s*403)\b/i;
const DISCOVERY = /graph\.microsoft\.com|graph\.windows\.net|servicePrincipals|serviceEndpoints|discover/i;

// The Intune NAC API ("v2", provider NACAPIService) stopped on 2024-03-24; before that date it
// was simply the API in use.
const LEGACY_NAC = /NACAPIService|StatelessNACService|ise_api_version=[12]\b/;
export const NAC_API_END = Date.UTC(2024, 2, 24);

/** The findings an entry shows, one per code (per AADSTS code for unknown ones). */
export function matchFindings(entry: LogEntry): RuleMatch[] {
  const matches = new Map<string, RuleMatch>();
  const add = (code: FindingCode, aadsts: string | null, lineIndex: number): void => {
    const key = code === 'UNKNOWN_AADSTS' ? `${code}:${aadsts}` : code;
    const existing = matches.get(key);
    if (!existing) matches.set(key, { code, aadsts, lineIndex });
    else if (existing.aadsts === null && aadsts !== null) existing.aadsts = aadsts;
  };
  const text = entry.lines.map((line) => line.text).join('\n');
  const mdm = isMdmContext(entry.header?.className ?? null, text);
  const expired = EXPIRED_KEY.test(text);
  const legacyNacAllowed = entry.header === null || entry.header.time >= NAC_API_END;
  entry.lines.forEach((line, index) => {
    for (const match of line.text.matchAll(AADSTS)) {
      const number = match[1] as string;
      const known = AADSTS_FINDINGS[number];
      if (known && (number !== '50012' || expired)) add(known, `AADSTS${number}`, index);
      else add('UNKNOWN_AADSTS', `AADSTS${number}`, index);
    }
    for (const rule of TEXT_RULES) {
      if ((!rule.mdmOnly || mdm) && rule.pattern.test(line.text)) add(rule.code, null, index);
    }
    if (HTTP_403.test(line.text) && DISCOVERY.test(text)) add('CONSENT_MISSING', null, index);
    if (mdm && legacyNacAllowed && LEGACY_NAC.test(line.text) && !/ComplianceRetrievalService/.test(text)) add('LEGACY_NAC_API', null, index);
  });
  return [...matches.values()];
}

/** Findings that name why a token request failed, so that a generic failure next to them adds nothing. */
export const SPECIFIC_TOKEN_CAUSES: ReadonlySet<FindingCode> = new Set<FindingCode>([
  'PKIX_PATH',
  'KEY_NOT_FOUND',
  'KEY_EXPIRED',
  'KEY_MISMATCH',
  'APP_NOT_FOUND',
  'SECRET_INSTEAD_OF_CERT',
  'CONSENT_MISSING',
  'NETWORK',
  'UNKNOWN_AADSTS',
]);
