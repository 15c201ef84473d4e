/**
 * What the CLI prints comes partly from outside: log evidence, certificate subjects, file
 * names, the user's own arguments. Before it reaches a terminal, control characters (ESC
 * sequences can retitle the window, hide text or fake output) and bidirectional overrides are
 * shown escaped, credentials inside URLs are replaced, and on stderr an over-long word (an
 * echoed argument) is cut.
 */

// C0 controls except tab and line feed, DEL, C1 controls, and the Unicode bidi controls.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// `scheme://user:password@` or `scheme://user@`: the part before @ is a credential.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]+)@/gi;
/** Longest word shown on stderr (a path, a URL, an argument); longer ones are cut in the middle. */
export const MAX_ECHOED_WORD = 300;

function escapeControls(text: string): string {
  // A Windows line break stays a line break; any other carriage return is escaped.
  return text.replace(/\r\n/g, '\n').replace(UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, (_match, scheme: string, credentials: string) => {
    const colon = credentials.indexOf(':');
    return colon === -1 ? `${scheme}***@` : `${scheme}${credentials.slice(0, colon)}:***@`;
  });
}

function cutLongWords(text: string): string {
  return text.replace(new RegExp(`[^\\s]{${MAX_ECHOED_WORD + 1},}`, 'g'), (word) => `${word.slice(0, 120)}…[${word.length - 240} characters cut]…${word.slice(-120)}`);
}

/** Text safe to write to a terminal; `stderr` also cuts over-long words. */
export function terminalSafe(text: string, stream: 'stdout' | 'stderr'): string {
  const safe = redactUrlCredentials(escapeControls(text));
  return stream === 'stderr' ? cutLongWords(safe) : safe;
}
