/** Where app:// requests lead inside the renderer bundle (no Electron here, so that tests can run it). */
import { resolve, sep } from 'node:path';

/**
 * The file of the bundle an app:// URL names: 404 outside the bundle or for another host, 400 for
 * a path that is not valid percent-encoding (decodeURIComponent would throw).
 */
export function bundleFile(base: string, requestUrl: string): { file: string } | { status: 400 | 404 } {
  const url = new URL(requestUrl);
  if (url.host !== 'bundle') return { status: 404 };
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  } catch {
    return { status: 400 };
  }
  const file = resolve(base, `.${relative}`);
  if (file !== base && !file.startsWith(base + sep)) return { status: 404 };
  return { file };
}
