import { useState, type FormEvent } from 'react';
import { Button, Field, Input, Radio, RadioGroup, Text, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ApiError, ProxyMode, Settings, SettingsPatch } from '../../../preload/contract';
import { useErrorText } from '../../components/ErrorNotice';
import { useSettingsStore } from '../../state/settings-store';
import { SettingsCard } from './SettingsCard';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  form: styleRules.stack,
  row: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'flex-start' },
  grow: { flexGrow: 1, minWidth: '220px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
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

  const proxyError = error && error.code !== 'SECRETS_UNAVAILABLE' ? errorText(error) : undefined;
  const passwordError = error?.code === 'SECRETS_UNAVAILABLE' ? errorText(error) : undefined;

  return (
    <SettingsCard title={t('settings.network')} id="settings-network">
      <form className={styles.form} onSubmit={onSubmit} noValidate>
        <Field label={t('settings.proxyMode')}>
          <RadioGroup value={mode} onChange={(_event, data) => setMode(data.value as ProxyMode)} data-testid="proxy-mode">
            <Radio value="system" label={t('settings.proxySystem')} />
            <Radio value="direct" label={t('settings.proxyDirect')} />
            <Radio value="explicit" label={t('settings.proxyExplicit')} />
          </RadioGroup>
        </Field>
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
            disabled={mode !== 'explicit'}
            data-testid="proxy-url"
          />
        </Field>
        <div className={styles.row}>
          <Field label={t('settings.proxyUser')} className={styles.grow}>
            <Input value={proxyUser} onChange={(_event, data) => setProxyUser(data.value)} spellCheck={false} disabled={mode === 'direct'} data-testid="proxy-user" />
          </Field>
          <Field
            label={t('settings.proxyPassword')}
            className={styles.grow}
            hint={settings.proxyPasswordStored ? t('settings.proxyPasswordStored') : t('settings.proxyPasswordHint')}
            validationState={passwordError ? 'error' : 'none'}
            validationMessage={passwordError}
          >
            <Input
              type="password"
              value={password}
              onChange={(_event, data) => setPassword(data.value)}
              autoComplete="off"
              disabled={mode === 'direct'}
              data-testid="proxy-password"
            />
          </Field>
        </div>
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" data-testid="proxy-save">
            {t('settings.save')}
          </Button>
          {settings.proxyPasswordStored ? (
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
