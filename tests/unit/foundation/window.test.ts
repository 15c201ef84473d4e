import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/services/csp';
import { isAllowedExternalLink } from '../../../main/services/links';
import { windowOptions } from '../../../main/window-options';

describe('window security baseline', () => {
  it('uses context isolation, the sandbox, no Node integration and web security', () => {
    const { webPreferences, title } = windowOptions('/app/preload/index.cjs');
    expect(title).toBe('ISE Intune Assistant');
    expect(webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
    });
  });

  it('keeps V8 code for the bundle from the first launch on', () => {
    expect(windowOptions('/app/preload/index.cjs').webPreferences.v8CacheOptions).toBe('bypassHeatCheck');
  });

  it('has a CSP without remote origins or eval, repeated in index.html', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    // frame-ancestors is ignored in a meta tag, so the header carries it alone.
    expect(meta).toBe(CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", ''));
  });

  it('opens only https documentation hosts externally', () => {
    expect(isAllowedExternalLink('https://learn.microsoft.com/en-us/entra/')).toBe(true);
    expect(isAllowedExternalLink('https://www.cisco.com/c/en/us/support/')).toBe(true);
    expect(isAllowedExternalLink('https://learn.microsoft.com.evil.example/')).toBe(false);
    expect(isAllowedExternalLink('https://learn.microsoft.com:8443/')).toBe(false);
    expect(isAllowedExternalLink('smb://learn.microsoft.com/share')).toBe(false);
  });
});
