/**
 * Which log lines are MDM-related (relevance.ts) and how thumbprints are read out of one line
 * (thumbprints-in-text.ts), on their own (issue 23): every marker at the edges of a line and of
 * the buffer, lines asked in order, markers cut by a line end, the MDM context of a class or a
 * text, and each thumbprint spelling with its source and dates.
 */
import { describe, expect, it } from 'vitest';
import { MarkerSearch, RELEVANCE_MARKERS, hasMarker, isMdmContext } from '../../../main/services/ise/relevance';
import { extractThumbprints, thumbprintKey } from '../../../main/services/ise/thumbprints-in-text';

/** Lines of a buffer as [start, stop) offsets (stop at the newline). */
function lines(text: string): { buffer: Buffer; spans: [number, number][] } {
  const buffer = Buffer.from(text, 'latin1');
  const spans: [number, number][] = [];
  let start = 0;
  for (;;) {
    const newline = buffer.indexOf(0x0a, start);
    const stop = newline === -1 ? buffer.length : newline;
    spans.push([start, stop]);
    if (newline === -1) break;
    start = newline + 1;
  }
  return { buffer, spans };
}

const marked = (text: string): boolean[] => {
  const { buffer, spans } = lines(text);
  const search = new MarkerSearch(buffer);
  return spans.map(([start, stop]) => search.lineHasMarker(start, stop));
};

/** How each marker appears in a log line (cisco.cpm.mdm is a package prefix: it needs its dot). */
const SAMPLES = RELEVANCE_MARKERS.map((marker) => [marker === 'cisco.cpm.mdm' ? 'cisco.cpm.mdm.' : marker] as const);

describe('relevance markers', () => {
  it.each(SAMPLES)('finds %s alone, at the start, in the middle and at the end of a line', (marker) => {
    expect(marked(marker)).toEqual([true]);
    expect(marked(`${marker} first\nnothing here\nin the ${marker} middle\nat the end ${marker}\nnothing`)).toEqual([true, false, true, true, false]);
    expect(hasMarker(Buffer.from(`x ${marker}`), `x ${marker}`.length)).toBe(true);
  });

  it.each(SAMPLES)('does not count %s cut by a line end, nor after the end of the range', (marker) => {
    const cut = marker.length - 1;
    expect(marked(`abc ${marker.slice(0, cut)}\n${marker.slice(cut)} def`)).toEqual([false, false]);
    expect(marked(`abc ${marker.slice(0, 1)}\n${marker.slice(1)} def`)).toEqual([false, false]);
    const buffer = Buffer.from(`abc ${marker} def`);
    expect(hasMarker(buffer, 4)).toBe(false);
    expect(hasMarker(buffer, 4 + marker.length)).toBe(true);
  });

  it('does not take look-alikes: the probe without the rest of the marker', () => {
    // Each probe's bytes (KIX, xternal-mdm, DM , dm., Mdm) without its marker around them.
    expect(marked('XKIX one\nexternal-md\nADM Server\nSDM server\nadm.x\ncisco.cpm.md.x\nMdmSomethingElse\nmdmAzureActiveDirectoryClient\nAADST')).toEqual([
      false, false, false, false, false, false, false, false, false,
    ]);
    expect(marked('KIX\nDM \ndm.\nMdm')).toEqual([false, false, false, false]);
  });

  it('answers lines asked in order across markers of different kinds, and lines with several', () => {
    const text = [
      'AADSTS700027 first',
      'PKIX path building failed',
      'other component',
      'cisco.cpm.mdm.client something',
      'MdmCertAndKeyUtil and PKIX and AADSTS on one line',
      'plain',
      'external-mdm and MDM Server',
      'MDM server unreachable',
      'MdmAzureActiveDirectoryClient',
      'posture feed',
    ].join('\n');
    expect(marked(text)).toEqual([true, true, false, true, true, false, true, true, true, false]);
  });

  it('a buffer without markers: every line false, and hasMarker false', () => {
    const text = 'one\ntwo\nthree';
    expect(marked(text)).toEqual([false, false, false]);
    expect(hasMarker(Buffer.from(text), text.length)).toBe(false);
    expect(hasMarker(Buffer.alloc(0), 0)).toBe(false);
  });
});

describe('MDM context', () => {
  it.each([
    ['cisco.cpm.mdm.client.MdmServerClient', 'anything', true],
    ['com.cisco.cpm.mdm.pip.Something', 'anything', true],
    ['MdmAzureActiveDirectoryClient', 'anything', true],
    ['cpm.MdmCertAndKeyUtil', 'anything', true],
    ['com.cisco.posture.Feed', 'PKIX path building failed', false],
    ['com.cisco.posture.Feed', 'calling external-mdm server', true],
    ['com.cisco.posture.Feed', 'connect to https://LOGIN.microsoftonline.com/x failed', true],
    ['com.cisco.posture.Feed', 'graph.microsoft.com refused', true],
    ['com.cisco.posture.Feed', 'graph.windows.net refused', true],
    ['com.cisco.posture.Feed', 'manage.microsoft.com refused', true],
    ['com.cisco.posture.Feed', 'login.windows.net refused', true],
    ['com.cisco.posture.Feed', 'x.microsoftonline.com refused', true],
    ['com.cisco.pxgrid.Mdmx', 'nothing about Intune', false],
    ['com.cisco.pxgrid.admdm.x', 'nothing about Intune', false],
    ['com.cisco.pxgrid.Client', 'mdm.pip call failed', true],
    ['com.cisco.pxgrid.Client', 'the admdm.pip call', false],
    [null, 'pasted text without an ISE header', true],
  ] as const)('class %s with text "%s" is MDM-related: %s', (className, text, expected) => {
    expect(isMdmContext(className, text)).toBe(expected);
  });
});

describe('thumbprints in one line', () => {
  const hex = '105D6E9BA0F5D6EACCF8A562DE81C1C6450CBEE4';
  const sha256Hex = 'AB'.repeat(32);

  it('the key used by the client, quoted or not, hex or base64 or cut', () => {
    expect(extractThumbprints(`Thumbprint of key used by client: '${hex}'`, 'a.log', 3)).toEqual([
      { text: hex, source: 'key-used-by-client', hex, encoding: 'hex', start: null, end: null, file: 'a.log', line: 3 },
    ]);
    expect(extractThumbprints(`thumbprint of key used by client:${sha256Hex.toLowerCase()}, next`, 'a.log', 3)[0]).toMatchObject({ hex: sha256Hex, encoding: 'hex' });
    expect(extractThumbprints("Thumbprint of key used by client: 'EF1um6D11urM+KVi3oHBxkUMvuQ='", 'f', 1)[0]).toMatchObject({ hex, encoding: 'base64' });
    expect(extractThumbprints("Thumbprint of key used by client: 'ABCDEF'", 'f', 1)[0]).toMatchObject({ text: 'ABCDEF', hex: null, encoding: 'unreadable' });
    expect(extractThumbprints("Thumbprint of key used by client: ''", 'f', 1)[0]).toMatchObject({ text: '', hex: null, encoding: 'none' });
  });

  it('every configured key with its dates, trimmed', () => {
    const found = extractThumbprints(`Configured keys: [Key0 : Start= 2024-01-01 , End=2025-01-01, Thumbprint=${hex};Key12:Start=a,End=b,Thumbprint=zz]`, 'f', 9);
    expect(found.map(({ source, start, end, text, encoding }) => ({ source, start, end, text, encoding }))).toEqual([
      { source: 'configured-key', start: '2024-01-01', end: '2025-01-01', text: hex, encoding: 'hex' },
      { source: 'configured-key', start: 'a', end: 'b', text: 'zz', encoding: 'unreadable' },
    ]);
  });

  it('a found key with and without a thumbprint', () => {
    expect(extractThumbprints(`Found key 'Start=01/15/2022, End=01/15/2023, Thumbprint=${hex}'`, 'f', 2)).toEqual([
      { text: hex, source: 'found-key', hex, encoding: 'hex', start: '01/15/2022', end: '01/15/2023', file: 'f', line: 2 },
    ]);
    expect(extractThumbprints("Found key 'Start=01/15/2022 , End= 01/15/2023'", 'f', 2)).toEqual([
      { text: '', source: 'found-key', hex: null, encoding: 'none', start: '01/15/2022', end: '01/15/2023', file: 'f', line: 2 },
    ]);
  });

  it('with or without spaces after the separators, values trimmed', () => {
    expect(extractThumbprints(`Found key'Start=a,End=b,Thumbprint=${hex}'`, 'f', 1)).toEqual([
      { text: hex, source: 'found-key', hex, encoding: 'hex', start: 'a', end: 'b', file: 'f', line: 1 },
    ]);
    expect(extractThumbprints(`Found key 'Start= a , End= b , Thumbprint= ${hex} '`, 'f', 1)[0]).toMatchObject({ text: hex, hex, start: 'a', end: 'b' });
    expect(extractThumbprints(`Configured keys: [Key0:Start=a ,End=b ,Thumbprint=${hex}]`, 'f', 1)[0]).toMatchObject({ start: 'a', end: 'b', hex });
  });

  it('nothing in a line without those phrases', () => {
    expect(extractThumbprints(`A thumbprint ${hex} mentioned in passing`, 'f', 1)).toEqual([]);
  });

  it('one key per source and bytes, whatever the spelling; undecodable ones by text and dates', () => {
    const [asHex] = extractThumbprints(`Thumbprint of key used by client: '${hex}'`, 'f', 1);
    const [asBase64] = extractThumbprints("Thumbprint of key used by client: 'EF1um6D11urM+KVi3oHBxkUMvuQ='", 'g', 2);
    const [configured] = extractThumbprints(`Configured keys: [Key0:Start=a, End=b, Thumbprint=${hex}]`, 'f', 1);
    const [cut] = extractThumbprints('Configured keys: [Key0:Start=a, End=b, Thumbprint=pZ0CqV]', 'f', 1);
    const [bare] = extractThumbprints("Found key 'Start=x, End=y'", 'f', 1);
    expect(thumbprintKey(asHex!)).toBe(`key-used-by-client:${hex}`);
    expect(thumbprintKey(asBase64!)).toBe(thumbprintKey(asHex!));
    expect(thumbprintKey(configured!)).toBe(`configured-key:${hex}`);
    expect(thumbprintKey(cut!)).toBe('configured-key:pZ0CqV|a|b');
    expect(thumbprintKey(bare!)).toBe('found-key:|x|y');
    expect(thumbprintKey({ ...bare!, start: null, end: null })).toBe('found-key:||');
  });
});
