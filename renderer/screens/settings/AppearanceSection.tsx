import { useState } from 'react';
import { Field, Radio, RadioGroup } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ApiError, LanguageSetting, Settings, ThemeSetting } from '../../../preload/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useSettingsStore } from '../../state/settings-store';
import { SettingsCard } from './SettingsCard';

export function AppearanceSection({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const save = useSettingsStore((state) => state.save);
  const [error, setError] = useState<ApiError | null>(null);

  return (
    <SettingsCard title={t('settings.appearance')} id="settings-appearance">
      <Field label={t('settings.language')}>
        <RadioGroup
          layout="horizontal"
          value={settings.language}
          onChange={async (_event, data) => setError(await save({ language: data.value as LanguageSetting }))}
          data-testid="language"
        >
          <Radio value="system" label={t('settings.languageSystem')} />
          <Radio value="en" label="English" lang="en" />
          <Radio value="es" label="Español" lang="es" />
        </RadioGroup>
      </Field>
      <Field label={t('settings.theme')}>
        <RadioGroup
          layout="horizontal"
          value={settings.theme}
          onChange={async (_event, data) => setError(await save({ theme: data.value as ThemeSetting }))}
          data-testid="theme"
        >
          <Radio value="system" label={t('settings.themeSystem')} />
          <Radio value="light" label={t('settings.themeLight')} />
          <Radio value="dark" label={t('settings.themeDark')} />
        </RadioGroup>
      </Field>
      {error ? <ErrorNotice error={error} /> : null}
    </SettingsCard>
  );
}
