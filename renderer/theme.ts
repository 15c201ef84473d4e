import { useEffect, useState } from 'react';
import { webDarkTheme, webLightTheme, type Theme } from '@fluentui/react-components';
import type { ThemeSetting } from '../preload/contract';

const darkQuery = '(prefers-color-scheme: dark)';

/** Resolves 'system' against the OS preference and follows it when it changes. */
export function useResolvedTheme(setting: ThemeSetting): { name: 'light' | 'dark'; theme: Theme } {
  const [systemDark, setSystemDark] = useState(() => window.matchMedia(darkQuery).matches);
  useEffect(() => {
    const query = window.matchMedia(darkQuery);
    const onChange = (event: MediaQueryListEvent) => setSystemDark(event.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  const name = setting === 'system' ? (systemDark ? 'dark' : 'light') : setting;
  return { name, theme: name === 'dark' ? webDarkTheme : webLightTheme };
}
