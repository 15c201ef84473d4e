import { useState } from 'react';
import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { FolderOpenRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../preload/contract';
import { api } from '../api';
import { useErrorText } from './ErrorNotice';
import { styleRules } from './styles';

const useStyles = makeStyles({
  box: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  error: styleRules.bad,
});

/** "Open folder" after a save: the system's file manager at the file main wrote; a failure is said beside it. */
export function OpenFolderButton({ path, testId = 'open-folder' }: { path: string; testId?: string }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<ApiError | null>(null);
  return (
    <span className={styles.box}>
      <Button
        size="small"
        icon={<FolderOpenRegular />}
        onClick={async () => {
          const result = await api().showInFolder({ path });
          setError(result.ok ? null : result.error);
        }}
        data-testid={testId}
      >
        {t('common.openFolder')}
      </Button>
      {error ? (
        <Caption1 className={styles.error} role="alert">
          {errorText(error)}
        </Caption1>
      ) : null}
    </span>
  );
}
