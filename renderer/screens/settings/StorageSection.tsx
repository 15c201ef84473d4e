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
  const [error, setError] = useState<ApiError | null>(null);
  const folder = settings.dataFolder;

  // The folder is chosen only in main's folder dialog: the field shows it and cannot be typed in.
  const browse = async () => {
    const result = await api().chooseDataFolder();
    if (!result.ok) setError(result.error);
    else {
      setError(null);
      if (result.value !== null) useSettingsStore.setState({ settings: result.value });
    }
  };

  const resetToDefault = async () => setError(await save({ dataFolder: '' }));

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
          <Input value={folder} readOnly spellCheck={false} data-testid="data-folder" />
        </Field>
        <Button icon={<FolderOpenRegular />} onClick={() => void browse()} data-testid="data-folder-browse">
          {t('settings.browse')}
        </Button>
        <Button onClick={() => void resetToDefault()}>{t('settings.useDefault')}</Button>
      </div>
    </SettingsCard>
  );
}
