import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../preload/contract';
import { errorTextKeys } from './error-text-keys';
import { Fold } from './Fold';

const useStyles = makeStyles({
  details: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

/**
 * An api error in the user's language: the translated text for known codes, else main's message.
 * Main's own sentence names the host, file or Microsoft's code: when a translation replaces it, it
 * stays under the folded details.
 */
export function ErrorNotice({ error, ns }: { error: ApiError; ns?: string }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const key = errorTextKeys(error.code, ns).find((candidate) => i18n.exists(candidate));
  const text = key ? t(key) : error.message;
  const details = text === error.message ? error.details : [error.message, error.details].filter(Boolean).join('\n');
  return (
    <MessageBar intent="error" layout="multiline" role="alert" data-testid="error-notice">
      <MessageBarBody>
        <MessageBarTitle>{t('errors.title')}</MessageBarTitle>
        {text}
        {details ? (
          <Fold label={t('errors.details')}>
            <code className={styles.details}>
              {error.code}: {details}
            </code>
          </Fold>
        ) : null}
      </MessageBarBody>
    </MessageBar>
  );
}

/** The translated text of an api error, for a Field's validation message. */
export function useErrorText(): (error: ApiError | null) => string | undefined {
  const { t, i18n } = useTranslation();
  return (error) => {
    if (!error) return undefined;
    const key = errorTextKeys(error.code).find((candidate) => i18n.exists(candidate));
    return key ? t(key) : error.message;
  };
}
