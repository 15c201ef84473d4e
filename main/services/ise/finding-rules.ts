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
  // "The provided client secret keys for app '…' are expired": a secret-based setup, same family as 7000215.
  '7000222': 'SECRET_INSTEAD_OF_CERT',
  '65001': 'CONSENT_MISSING',
  '700024': 'CLOCK_SKEW',
  '500011': 'RESOURCE_NOT_FOUND',
  '90002': 'TENANT_NOT_FOUND',
};
// "AADSTS70002: Error validating credentials. AADSTS50012: …": 70002 only wraps the inner code,
// which names the cause; alone it says no more than a failed token request.
const WRAPPER = '70002';
// AADSTS50012 also means "invalid client secret" or a bad assertion; only its expired-key
// wording is KEY_EXPIRED, the others are looked up like any unknown code.
const EXPIRED_KEY = /The key used is expired/i;
// ADAL-era wording (ISE before 3.3 signs in through ADAL4J): "AADSTS50012: Client assertion is not within its valid time range."
const TIME_RANGE = /assertion is not within its valid time range/i;

export interface TextRule {
  code: FindingCode;
  pattern: RegExp;
  /** Only when the entry is about MDM (a PKIX failure of the posture feed is not). */
  mdmOnly: boolean;
}

/** The wordings rules, in order; exported so that tests can hold every rule to its gate. */
export const TEXT_RULES: readonly TextRule[] = [
  { code: 'PKIX_PATH', pattern: /PKIX path (?:building|validation) failed|unable to find valid certification path/i, mdmOnly: true },
  { code: 'KEY_NOT_FOUND', pattern: /The key was not found|is not registered on application/i, mdmOnly: false },
  { code: 'KEY_EXPIRED', pattern: EXPIRED_KEY, mdmOnly: false },
  { code: 'KEY_MISMATCH', pattern: /use of the key to verify the signature failed/i, mdmOnly: false },
  { code: 'APP_NOT_FOUND', pattern: /Application with identifier '[^']*' was not found in the directory/i, mdmOnly: false },
  { code: 'SECRET_INSTEAD_OF_CERT', pattern: /Invalid client secret (?:is )?provided|The provided client secret keys (?:for app '[^']*' )?are expired/i, mdmOnly: false },
  { code: 'CLOCK_SKEW', pattern: TIME_RANGE, mdmOnly: false },
  { code: 'RESOURCE_NOT_FOUND', pattern: /The resource principal named \S* ?was not found in the tenant/i, mdmOnly: false },
  { code: 'TENANT_NOT_FOUND', pattern: /Tenant '[^']*' not found|Tenant \S+ not found\. This may happen if there are no active subscriptions/i, mdmOnly: false },
  // The sentence names the MDM server itself, whichever class logs it.
  { code: 'MDM_UNREACHABLE', pattern: /MDM Server (?:is )?(?:unreachable|not reachable)|Unable to (?:connect|reach) (?:to )?(?:the )?MDM server/i, mdmOnly: false },
  { code: 'CONSENT_MISSING', pattern: /Authorization_RequestDenied|Insufficient privileges to complete the operation|has not consented to use the application/i, mdmOnly: false },
  { code: 'LEGACY_GRAPH', pattern: /graph\.windows\.net/i, mdmOnly: true },
  {
    code: 'NETWORK',
    pattern: /SocketTimeoutException|ConnectTimeoutException|connect timed out|Read timed out|UnknownHostException|Connection refused|NoRouteToHostException|Network is unreachable|Unable to tunnel through proxy|Proxy Authentication Required|HttpHostConnectException/i,
    mdmOnly: true,
  },
  // The family, not one sentence: ISE releases word it "Failed to acquire auth token from Azure AD",
  // "Unable to acquire access token", "Failed to retrieve access token from Azure", ...
  {
    code: 'TOKEN_FAILED',
    pattern: /\b(?:fail(?:ed|ure)?|unable|could not|couldn't|cannot|can't|error)\s+(?:while\s+)?(?:to\s+)?(?:acquir(?:e|ing)|retriev(?:e|ing)|get(?:ting)?|obtain(?:ing)?|fetch(?:ing)?|generat(?:e|ing))\s+(?:an?\s+|the\s+)?(?:(?:azure(?:\s+ad)?|aad|entra|oauth2?)\s+)?(?:access|auth(?:entication)?|oauth2?|bearer)\s+token/i,
    mdmOnly: true,
  },
];

// A 403 counts as missing consent on the Graph discovery call; a 401/403 from the Intune
// service itself (its host, or the Cisco MDM API paths ISE calls) is INTUNE_ACCESS_DENIED.
const HTTP_403 = /\b(?:HTTP\/1\.[01] 403|403 Forbidden|(?:status|response|HTTP|code)[\s_-]*(?:code)?\s*[:=]?\s*403)\b/i;
const HTTP_401 = /\b(?:HTTP\/1\.[01] 401|401 Unauthorized|(?:status|response|HTTP|code)[\s_-]*(?:code)?\s*[:=]?\s*401)\b/i;
const DISCOVERY = /graph\.microsoft\.com|graph\.windows\.net|servicePrincipals|serviceEndpoints|discover/i;
const INTUNE_SERVICE = /manage\.microsoft\.(?:com|us)|\bIntune (?:service|server)|ciscoise\/mdminfo|\/cisco\/devices|ComplianceRetrievalService|NACAPIService|StatelessNACService/i;
/** AADSTS counts in a log only on MDM-related ISE entries (ISE's other Entra features, such as its Entra ID identity store, log AADSTS too). */
const MDM_WORDS = /\bmdm\b|intune|manage\.microsoft\.com/i;

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
  const className = entry.header?.className ?? null;
  const mdm = isMdmContext(className, text);
  // Pasted text (no ISE header) is taken as it is; a log entry must be about MDM.
  const aadstsCounts = className === null || /(?:^|\.)(?:mdm\.|Mdm[A-Z])|external-mdm/.test(className) || MDM_WORDS.test(text);
  const codes = [...text.matchAll(AADSTS)].map((match) => match[1] as string);
  const onlyWrapper = codes.length > 0 && codes.every((code) => code === WRAPPER);
  const timeRange = TIME_RANGE.test(text);
  const expired = EXPIRED_KEY.test(text);
  const legacyNacAllowed = entry.header === null || entry.header.time >= NAC_API_END;
  entry.lines.forEach((line, index) => {
    if (aadstsCounts) {
      for (const match of line.text.matchAll(AADSTS)) {
        const number = match[1] as string;
        if (number === WRAPPER) {
          if (onlyWrapper) add('TOKEN_FAILED', null, index);
          continue;
        }
        const known = AADSTS_FINDINGS[number];
        if (number === '50012' && timeRange) add('CLOCK_SKEW', `AADSTS${number}`, index);
        else if (known && (number !== '50012' || expired)) add(known, `AADSTS${number}`, index);
        else add('UNKNOWN_AADSTS', `AADSTS${number}`, index);
      }
    }
    for (const rule of TEXT_RULES) {
      // Entra's sentences count where its codes count; ISE's own wordings on MDM entries.
      const allowed = rule.mdmOnly ? mdm : aadstsCounts;
      if (allowed && rule.pattern.test(line.text)) add(rule.code, null, index);
    }
    const refused = HTTP_403.test(line.text) || HTTP_401.test(line.text);
    if (refused && mdm && INTUNE_SERVICE.test(line.text)) add('INTUNE_ACCESS_DENIED', null, index);
    else if (HTTP_403.test(line.text) && DISCOVERY.test(text)) add('CONSENT_MISSING', null, index);
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
  'TLS_UNTRUSTED',
  'CLOCK_SKEW',
  'RESOURCE_NOT_FOUND',
  'TENANT_NOT_FOUND',
  'MDM_UNREACHABLE',
  'INTUNE_ACCESS_DENIED',
  'UNKNOWN_AADSTS',
]);
