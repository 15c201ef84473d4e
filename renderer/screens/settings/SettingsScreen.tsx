import { Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useSettingsStore } from '../../state/settings-store';
import { AboutSection } from './AboutSection';
import { AppearanceSection } from './AppearanceSection';
import { NetworkSection } from './NetworkSection';
import { SignInSection } from './SignInSection';
import { StorageSection } from './StorageSection';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '760px' },
});

export function SettingsScreen() {
  const styles = useStyles();
  const { t } = useTranslation();
  const settings = useSettingsStore((state) => state.settings);
  if (!settings) return null;
  return (
    <section className={styles.page} data-testid="screen-settings">
      <Title2 as="h1" id="screen-title">
        {t('settings.title')}
      </Title2>
      <AppearanceSection settings={settings} />
      <NetworkSection settings={settings} />
      <SignInSection />
      <StorageSection settings={settings} />
      <AboutSection />
    </section>
  );
}
