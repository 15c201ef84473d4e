/** The GUID, domain and host rules main and the window share (preload/rules.ts). */
import { describe, expect, it } from 'vitest';
import { DOMAIN_NAME, GUID, LOWERCASE_GUID, guidsIn, hostTarget } from '../../../preload/rules';
import { parseTarget } from '../../../main/services/tls';

describe('shared rules', () => {
  it('read a host the same way in main and in the window', () => {
    expect(hostTarget('login.microsoftonline.com')).toEqual({ target: 'login.microsoftonline.com:443', host: 'login.microsoftonline.com', port: 443 });
    expect(hostTarget(' https://fef.msub03.manage.microsoft.com:8443/x?y ')?.target).toBe('fef.msub03.manage.microsoft.com:8443');
    expect(hostTarget('http://crl.example')?.port).toBe(80);
    expect(hostTarget('[2001:db8::1]:444')).toEqual({ target: '[2001:db8::1]:444', host: '2001:db8::1', port: 444 });
    for (const bad of ['', '   ', 'user:pw@host.example', 'https://', 'bad host name']) expect(hostTarget(bad), bad).toBeNull();
    expect(parseTarget('ise.corp.example').target).toBe('ise.corp.example:443');
    expect(() => parseTarget('user:pw@host.example')).toThrow(/is not a host name/);
  });

  it('tell GUIDs and domain names apart', () => {
    expect(GUID.test('0B3A6F1E-9C2D-4E5F-8A7B-1C2D3E4F5A6B')).toBe(true);
    expect(LOWERCASE_GUID.test('0B3A6F1E-9C2D-4E5F-8A7B-1C2D3E4F5A6B')).toBe(false);
    expect(LOWERCASE_GUID.test('0b3a6f1e-9c2d-4e5f-8a7b-1c2d3e4f5a6b')).toBe(true);
    expect(GUID.test('0b3a6f1e-9c2d-4e5f-8a7b-1c2d3e4f5a6')).toBe(false);
    expect(guidsIn('https://x/0B3A6F1E-9C2D-4E5F-8A7B-1C2D3E4F5A6B/and/0b3a6f1e-9c2d-4e5f-8a7b-1c2d3e4f5a6b')).toEqual(['0b3a6f1e-9c2d-4e5f-8a7b-1c2d3e4f5a6b']);
    expect(DOMAIN_NAME.test('Contoso.onmicrosoft.com')).toBe(true);
    expect(DOMAIN_NAME.test('xn--bcher-kva.xn--p1ai')).toBe(true);
    for (const bad of ['contoso', '-contoso.com', 'contoso..com', 'conto so.com']) expect(DOMAIN_NAME.test(bad), bad).toBe(false);
  });
});
