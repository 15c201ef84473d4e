import { useState, type FormEvent } from 'react';
import { Button, Field, Input, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ApiError, ProxyMode, Settings, SettingsPatch } from '../../../preload/contract';
import { useErrorText } from '../../components/ErrorNotice';
import { useSettingsStore } from '../../state/settings-store';
import { SettingsCard } from './SettingsCard';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-start' },
  grow: { flexGrow: 1, minWidth: '220px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  error: { color: tokens.colorPaletteRedForeground1 },
  saved: { display: 'flex', gap: tokens.spacingHorizontalXS, alignItems: 'center', color: tokens.colorPaletteGreenForeground1 },
});

export function NetworkSection({ settings }: { settings: Settings }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSettingsStore((state) => state.save);
  const [mode, setMode] = useState<ProxyMode>(settings.proxyMode);
  const [proxyUrl, setProxyUrl] = useState(settings.proxyUrl);
  const [proxyUser, setProxyUser] = useState(settings.proxyUser);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (patch: SettingsPatch) => {
    setSaved(false);
    const failure = await save(patch);
    setError(failure);
    if (!failure) {
      const next = useSettingsStore.getState().settings;
      setMode(next?.proxyMode ?? 'system');
      setProxyUrl(next?.proxyUrl ?? '');
      setProxyUser(next?.proxyUser ?? '');
      setPassword('');
      setSaved(true);
    }
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // The system proxy (PAC) can ask for a user name and password too: they are kept for it.
    const patch: SettingsPatch = mode === 'explicit' ? { proxyMode: mode, proxyUrl, proxyUser } : mode === 'system' ? { proxyMode: mode, proxyUser } : { proxyMode: mode };
    if (mode !== 'direct' && password !== '') patch.proxyPassword = password;
    void submit(patch);
  };

  // Each error by the field it is about; the rest under the address (or the choice, without one).
  const userError = error?.code === 'SETTINGS_PASSWORD_WITHOUT_USER' ? errorText(error) : undefined;
  const proxyError = error && error.code !== 'SECRETS_UNAVAILABLE' && !userError ? errorText(error) : undefined;
  const passwordError = error?.code === 'SECRETS_UNAVAILABLE' ? errorText(error) : undefined;

  return (
    <SettingsCard title={t('settings.network')} id="settings-network">
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        {/* One choice, one explanation: how the app reaches Microsoft, and what each way needs. */}
        <Field label={t('settings.proxyMode')} hint={t('settings.proxyModeHint')}>
          <RadioGroup value={mode} onChange={(_event, data) => setMode(data.value as ProxyMode)} data-testid="proxy-mode">
            <Radio value="direct" label={t('settings.proxyDirect')} />
            <Radio value="system" label={t('settings.proxySystem')} />
            <Radio value="explicit" label={t('settings.proxyExplicit')} />
          </RadioGroup>
        </Field>
        {mode === 'explicit' ? (
          <Field
            label={t('settings.proxyUrl')}
            hint={t('settings.proxyUrlHint')}
            validationState={proxyError ? 'error' : 'none'}
            validationMessage={proxyError}
          >
            <Input
              value={proxyUrl}
              onChange={(_event, data) => setProxyUrl(data.value)}
              placeholder="http://proxy.example.local:8080"
              spellCheck={false}
              data-testid="proxy-url"
            />
          </Field>
        ) : null}
        {mode !== 'direct' ? (
          <div className={styles.row}>
            <Field
              label={t('settings.proxyUser')}
              hint={t('settings.proxyUserHint')}
              className={styles.grow}
              validationState={userError ? 'error' : 'none'}
              validationMessage={userError}
            >
              <Input value={proxyUser} onChange={(_event, data) => setProxyUser(data.value)} spellCheck={false} placeholder={t('settings.proxyUserPlaceholder')} data-testid="proxy-user" />
            </Field>
            <Field
              label={t('settings.proxyPassword')}
              className={styles.grow}
              hint={settings.proxyPasswordStored ? t('settings.proxyPasswordStored') : t('settings.proxyPasswordHint')}
              validationState={passwordError ? 'error' : 'none'}
              validationMessage={passwordError}
            >
              <Input type="password" value={password} onChange={(_event, data) => setPassword(data.value)} autoComplete="off" data-testid="proxy-password" />
            </Field>
          </div>
        ) : null}
        {mode !== 'explicit' && proxyError ? (
          <Text className={styles.error} role="alert" data-testid="proxy-error">
            {proxyError}
          </Text>
        ) : null}
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" data-testid="proxy-save">
            {t('settings.save')}
          </Button>
          {settings.proxyPasswordStored && mode !== 'direct' ? (
            <Button onClick={() => void submit({ proxyPassword: '' })}>{t('settings.removePassword')}</Button>
          ) : null}
          {saved ? (
            <Text className={styles.saved} role="status">
              <CheckmarkCircleRegular aria-hidden /> {t('settings.saved')}
            </Text>
          ) : null}
        </div>
      </form>
    </SettingsCard>
  );
}
