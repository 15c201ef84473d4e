import { useEffect } from 'react';
import { Text } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useAuditStore } from '../../state/audit-store';
import { SignInClientField } from '../manifest/SignInClientField';
import { SettingsCard } from './SettingsCard';

/** The app the audit's admin sign-in uses: the same field as in the audit panel, where admins also look for it. */
export function SignInSection() {
  const { t } = useTranslation();
  const loadSignIn = useAuditStore((state) => state.loadSignIn);
  // Whether saving here signs someone out (the field warns first).
  useEffect(() => {
    void loadSignIn();
  }, [loadSignIn]);
  return (
    <SettingsCard title={t('settings.adminSignIn')} id="settings-sign-in">
      <Text>{t('settings.adminSignInIntro')}</Text>
      <SignInClientField />
    </SettingsCard>
  );
}
