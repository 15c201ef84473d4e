import type { ReactElement } from 'react';
import { NavDrawer, NavDrawerBody, NavDrawerHeader, NavItem, Text, makeStyles, tokens } from '@fluentui/react-components';
import {
  BugRegular,
  DocumentBulletListRegular,
  LinkMultipleRegular,
  SettingsRegular,
  ShieldKeyholeRegular,
  TaskListLtrRegular,
} from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { SettingsScreen } from '../screens/settings/SettingsScreen';
import { CertificatesScreen } from '../screens/certificates/CertificatesScreen';
import { ManifestScreen } from '../screens/manifest/ManifestScreen';
import { ChainsScreen } from '../screens/chains/ChainsScreen';
import { TroubleshootScreen } from '../screens/troubleshoot/TroubleshootScreen';
import { SetupScreen } from '../screens/setup/SetupScreen';
import { SCREENS, useNavigationStore, type Screen } from '../state/navigation-store';

const useStyles = makeStyles({
  shell: { display: 'flex', height: '100%' },
  drawer: { flexShrink: 0, borderRight: `1px solid ${tokens.colorNeutralStroke2}` },
  brand: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  main: { flexGrow: 1, overflow: 'auto', padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalXXXL}` },
});

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
        {screen === 'setup' ? (
          <SetupScreen />
        ) : screen === 'settings' ? (
          <SettingsScreen />
        ) : screen === 'certificates' ? (
          <CertificatesScreen />
        ) : screen === 'manifest' ? (
          <ManifestScreen />
        ) : screen === 'chains' ? (
          <ChainsScreen />
        ) : screen === 'troubleshoot' ? (
          <TroubleshootScreen />
        ) : null}
      </main>
    </div>
  );
}
