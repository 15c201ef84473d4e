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
  const end = start + marker.bytes.length;
  return start >= 0 && end <= buffer.length && buffer.compare(marker.bytes, 0, marker.bytes.length, start, end) === 0;
}

/** Offsets (ascending) of every relevance marker in `buffer[0, end)`. */
export function findMarkerOffsets(buffer: Buffer, end: number): number[] {
  const offsets: number[] = [];
  for (const { probe, markers } of PROBES) {
    let position = buffer.indexOf(probe, 0);
    while (position !== -1 && position < end) {
      if (markers.some((marker) => markerAt(buffer, position, marker))) offsets.push(position);
      position = buffer.indexOf(probe, position + probe.length);
    }
  }
  return offsets.sort((a, b) => a - b);
}

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
