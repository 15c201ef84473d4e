import { useEffect } from 'react';
import { FluentProvider, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { AppShell } from './components/AppShell';
import { ErrorNotice } from './components/ErrorNotice';
import { resolveLanguage, setLanguage } from './i18n';
import { events } from './api';
import { useNavigationStore } from './state/navigation-store';
import { deliverOpenedFiles } from './state/opened-files';
import { useSettingsStore } from './state/settings-store';
import { useResolvedTheme } from './theme';

const useStyles = makeStyles({
  page: { height: '100%', backgroundColor: tokens.colorNeutralBackground2 },
  centered: { display: 'grid', placeItems: 'center', height: '100%', padding: tokens.spacingHorizontalXXL },
});

const FILL = { height: '100%' } as const;

export function App() {
  const styles = useStyles();
  const { i18n, t } = useTranslation();
  const settings = useSettingsStore((state) => state.settings);
  const loadError = useSettingsStore((state) => state.loadError);
  const load = useSettingsStore((state) => state.load);
  const { name: themeName, theme } = useResolvedTheme(settings?.theme ?? 'system');

  // main.tsx loads the settings before the first render; this is for when that failed or is late.
  const missing = !settings && !loadError;
  useEffect(() => {
    if (missing) void load();
  }, [missing, load]);

  const language = resolveLanguage(settings?.language ?? 'system');
  useEffect(() => {
    // The other language's texts are fetched on the first switch to it.
    if (i18n.language !== language) void setLanguage(language);
    document.documentElement.lang = language;
  }, [i18n, language]);

  // Certificate files opened with the app from Windows, or with File > Open: shown on the Certificates screen.
  useEffect(
    () =>
      events().on('filesOpened', ({ files }) => {
        deliverOpenedFiles(files);
        useNavigationStore.getState().go('certificates');
      }),
    [],
  );

  useEffect(() => {
    document.documentElement.dataset.theme = themeName;
    document.documentElement.style.colorScheme = themeName;
  }, [themeName]);

  let content;
  if (loadError) {
    content = (
      <div className={styles.centered}>
        <ErrorNotice error={loadError} />
      </div>
    );
  } else if (!settings) {
    content = (
      <div className={styles.centered}>
        <Spinner label={t('app.title')} />
      </div>
    );
  } else {
    content = <AppShell />;
  }

  return (
    // Not a class: FluentProvider gives its classes to every portal's mount node too (menus,
    // tooltips, dialogs), which would then cover the page (and take its clicks) as the page does.
    <FluentProvider theme={theme} style={FILL} data-theme={themeName}>
      <div className={styles.page}>{content}</div>
    </FluentProvider>
  );
}
