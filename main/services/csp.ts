/**
 * The renderer's Content-Security-Policy: only the app's own origin, no eval, no remote hosts.
 * Styles allow inline: FluentProvider writes its theme's CSS variables into a `<style>` element it
 * creates at run time, and Griffel inserts its rules (Fluent's and ours) the same way.
 * Sent as a header by the app protocol and repeated in renderer/index.html.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
