/**
 * The renderer's Content-Security-Policy: only the app's own origin, no eval, no remote hosts.
 * Styles allow inline because Fluent UI (Griffel) inserts its atomic CSS rules at run time.
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
