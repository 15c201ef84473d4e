import { Suspense, lazy, type ComponentType, type ReactElement } from 'react';
import { NavDrawer, NavDrawerBody, NavDrawerHeader, NavItem, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import {
  BugRegular,
  DocumentBulletListRegular,
  LinkMultipleRegular,
  SettingsRegular,
  ShieldKeyholeRegular,
  TaskListLtrRegular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { SCREENS, useNavigationStore, type Screen } from '../state/navigation-store';

const useStyles = makeStyles({
  shell: { display: 'flex', height: '100%' },
  drawer: { flexShrink: 0, borderRight: `1px solid ${tokens.colorNeutralStroke2}` },
  brand: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  main: { flexGrow: 1, overflow: 'auto', padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXXL}` },
});

// Each screen is its own chunk: the shell is usable before the heavier screens have loaded.
const LOADERS: Record<Screen, () => Promise<{ default: ComponentType }>> = {
  setup: () => import('../screens/setup/SetupScreen').then((m) => ({ default: m.SetupScreen })),
  chains: () => import('../screens/chains/ChainsScreen').then((m) => ({ default: m.ChainsScreen })),
  certificates: () => import('../screens/certificates/CertificatesScreen').then((m) => ({ default: m.CertificatesScreen })),
  manifest: () => import('../screens/manifest/ManifestScreen').then((m) => ({ default: m.ManifestScreen })),
  troubleshoot: () => import('../screens/troubleshoot/TroubleshootScreen').then((m) => ({ default: m.TroubleshootScreen })),
  settings: () => import('../screens/settings/SettingsScreen').then((m) => ({ default: m.SettingsScreen })),
};
const SCREEN_COMPONENTS = Object.fromEntries(SCREENS.map((name) => [name, lazy(LOADERS[name])])) as unknown as Record<Screen, ComponentType>;

// The first screen's code starts loading now, in parallel with the settings request, not after it.
void LOADERS[useNavigationStore.getState().screen]();

const ICONS: Record<Screen, ReactElement> = {
  setup: <TaskListLtrRegular />,
  chains: <LinkMultipleRegular />,
  certificates: <ShieldKeyholeRegular />,
  manifest: <DocumentBulletListRegular />,
  troubleshoot: <BugRegular />,
  settings: <SettingsRegular />,
};

export function AppShell() {
  const styles = useStyles();
  const { t } = useTranslation();
  const screen = useNavigationStore((state) => state.screen);
  const go = useNavigationStore((state) => state.go);
  const Current = SCREEN_COMPONENTS[screen];

  return (
    <div className={styles.shell}>
      <NavDrawer
        open
        type="inline"
        className={styles.drawer}
        selectedValue={screen}
        onNavItemSelect={(_event, data) => go(data.value as Screen)}
        aria-label={t('nav.label')}
      >
        <NavDrawerHeader>
          <div className={styles.brand}>
            <Text weight="semibold" size={400}>
              {t('app.title')}
            </Text>
            <Text size={200}>{t('app.tagline')}</Text>
          </div>
        </NavDrawerHeader>
        <NavDrawerBody>
          {SCREENS.map((name) => (
            <NavItem key={name} value={name} icon={ICONS[name]} as="button" data-testid={`nav-${name}`}>
              {t(`nav.${name}`)}
            </NavItem>
          ))}
        </NavDrawerBody>
      </NavDrawer>
      <main className={styles.main} aria-labelledby="screen-title">
        <Suspense fallback={<Spinner size="small" />}>
          <Current />
        </Suspense>
      </main>
    </div>
  );
}
