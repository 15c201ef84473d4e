/**
 * Which log lines matter: only MDM-related ones (issue 6). `ise-psc.log` is mostly other ISE
 * components, so the search runs on the raw bytes of a whole chunk (native `indexOf`) and
 * lines without a marker are never turned into strings.
 */

/** The markers of an MDM-related line, as the issue lists them. */
export const RELEVANCE_MARKERS = ['cisco.cpm.mdm', 'MdmAzureActiveDirectoryClient', 'MdmCertAndKeyUtil', 'external-mdm', 'AADSTS', 'PKIX', 'MDM Server', 'MDM server'] as const;

// Native `indexOf` checks every occurrence of a needle's first byte, so each marker is found
// through a probe that starts with a byte rare in ISE logs, then confirmed around the hit.
const PROBES: readonly { probe: Buffer; markers: readonly { bytes: Buffer; offset: number }[] }[] = [
  { probe: Buffer.from('AADSTS'), markers: [{ bytes: Buffer.from('AADSTS'), offset: 0 }] },
  { probe: Buffer.from('KIX'), markers: [{ bytes: Buffer.from('PKIX'), offset: 1 }] },
  { probe: Buffer.from('xternal-mdm'), markers: [{ bytes: Buffer.from('external-mdm'), offset: 1 }] },
  // ISE's own words about the MDM server ("MDM Server unreachable"), whatever class logs them.
  {
    probe: Buffer.from('DM '),
    markers: [
      { bytes: Buffer.from('MDM Server'), offset: 1 },
      { bytes: Buffer.from('MDM server'), offset: 1 },
    ],
  },
  { probe: Buffer.from('dm.'), markers: [{ bytes: Buffer.from('cisco.cpm.mdm.'), offset: 'cisco.cpm.m'.length }] },
  {
    probe: Buffer.from('Mdm'),
    markers: [
      { bytes: Buffer.from('MdmAzureActiveDirectoryClient'), offset: 0 },
      { bytes: Buffer.from('MdmCertAndKeyUtil'), offset: 0 },
    ],
  },
];

function markerAt(buffer: Buffer, probeAt: number, marker: { bytes: Buffer; offset: number }): boolean {
  const start = probeAt - marker.offset;
  const bytes = marker.bytes;
  if (start < 0 || start + bytes.length > buffer.length) return false;
  // Byte by byte in JS: markers are short, and a native call per hit costs more in a dense log.
  for (let index = 0; index < bytes.length; index++) if (buffer[start + index] !== bytes[index]) return false;
  return true;
}

/**
 * Which lines of a chunk hold a relevance marker, asked line after line. Each probe keeps the
 * position of its next confirmed hit, so a log of other components costs a few comparisons
 * per line, and a log where every line is MDM-related one search per line: the probe that
 * marked the previous line is tried first, and the others are searched only when it misses.
 */
export class MarkerSearch {
  private readonly next: number[] = PROBES.map(() => -1);
  private first = 0;

  constructor(private readonly buffer: Buffer) {}

  /**
   * What is known of `[start, stop)` without searching: 1 when a marker starts there, 0 when
   * none does, -1 when a search is needed (lineHasMarker). Lines may be skipped; asked in order.
   */
  peek(start: number, stop: number): number {
    const next = this.next;
    let stale = false;
    for (let index = 0; index < next.length; index++) {
      const position = next[index] as number;
      if (position < start) stale = true;
      else if (position < stop) return 1;
    }
    return stale ? -1 : 0;
  }

  /** A marker starts within `[start, stop)`. Lines must be asked in increasing order. */
  lineHasMarker(start: number, stop: number): boolean {
    const count = PROBES.length;
    for (let step = 0; step < count; step++) {
      const index = (this.first + step) % count;
      let position = this.next[index] as number;
      if (position < start) position = this.refresh(index, start);
      if (position < stop) {
        this.first = index;
        return true;
      }
    }
    return false;
  }

  private refresh(index: number, from: number): number {
    const { probe, markers } = PROBES[index] as (typeof PROBES)[number];
    let position = this.buffer.indexOf(probe, from);
    while (position !== -1) {
      for (const marker of markers) if (markerAt(this.buffer, position, marker)) return (this.next[index] = position);
      position = this.buffer.indexOf(probe, position + probe.length);
    }
    return (this.next[index] = Number.POSITIVE_INFINITY);
  }
}

/** Some relevance marker lies in `buffer[0, end)`. */
export function hasMarker(buffer: Buffer, end: number): boolean {
  return new MarkerSearch(buffer).lineHasMarker(0, end);
}

/** Whether a line holds a relevance marker, asked only when needed (MarkerSearch, or a known answer). */
export interface LineMarks {
  peek(start: number, stop: number): number;
  lineHasMarker(start: number, stop: number): boolean;
}

/** The answer for a line whose marker was looked for already (a cut line, the last line). */
export const MARKED: LineMarks = { peek: () => 1, lineHasMarker: () => true };
export const UNMARKED: LineMarks = { peek: () => 0, lineHasMarker: () => false };

const MDM_CLASS = /(?:^|\.)(?:mdm\.|Mdm[A-Z])|external-mdm/;
const MICROSOFT_HOST = /(?:login\.microsoftonline\.com|graph\.microsoft\.com|graph\.windows\.net|manage\.microsoft\.com|login\.windows\.net|microsoftonline\.com)/i;

/**
 * True when an entry comes from ISE's MDM code or talks about a Microsoft host. A PKIX or
 * network failure elsewhere in ISE (posture feed, pxGrid, ...) is not about Intune. Free text
 * (no ISE header, e.g. the Test Connection pop-up) was pasted on purpose and counts.
 */
export function isMdmContext(className: string | null, text: string): boolean {
  if (className === null) return true;
  return MDM_CLASS.test(className) || MDM_CLASS.test(text) || MICROSOFT_HOST.test(text);
}
