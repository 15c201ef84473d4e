import { useState } from 'react';
import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { FolderOpenRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ApiError, Settings } from '../../../preload/contract';
import { useErrorText } from '../../components/ErrorNotice';
import { api } from '../../api';
import { useSettingsStore } from '../../state/settings-store';
import { SettingsCard } from './SettingsCard';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '260px' },
});

export function StorageSection({ settings }: { settings: Settings }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSettingsStore((state) => state.save);
  const [folder, setFolder] = useState(settings.dataFolder);
  const [error, setError] = useState<ApiError | null>(null);

  const apply = async (value: string) => {
    const failure = await save({ dataFolder: value });
    setError(failure);
    if (!failure) setFolder(useSettingsStore.getState().settings?.dataFolder ?? value);
  };

  const browse = async () => {
    const result = await api().pickFolder({ title: t('settings.dataFolder'), defaultPath: folder });
    if (!result.ok) setError(result.error);
    else if (result.value !== null) await apply(result.value);
  };

  const message = errorText(error);
  return (
    <SettingsCard title={t('settings.storage')} id="settings-storage">
      <div className={styles.row}>
        <Field
          label={t('settings.dataFolder')}
          hint={t('settings.dataFolderHint')}
          className={styles.grow}
          validationState={message ? 'error' : 'none'}
          validationMessage={message}
        >
          <Input
            value={folder}
            onChange={(_event, data) => setFolder(data.value)}
            onBlur={() => {
              if (folder !== settings.dataFolder) void apply(folder);
            }}
            spellCheck={false}
            data-testid="data-folder"
          />
        </Field>
        <Button icon={<FolderOpenRegular />} onClick={() => void browse()} data-testid="data-folder-browse">
          {t('settings.browse')}
        </Button>
        <Button onClick={() => void apply('')}>{t('settings.useDefault')}</Button>
      </div>
    </SettingsCard>
  );
}
