import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../preload/contract';

/** An api error in the user's language: the translated text for known codes, else main's message. */
export function ErrorNotice({ error }: { error: ApiError }) {
  const { t, i18n } = useTranslation();
  const key = `errors.${error.code}`;
  const text = i18n.exists(key) ? t(key) : error.message;
  return (
    <MessageBar intent="error" layout="multiline" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{t('errors.title')}</MessageBarTitle>
        {text}
        {error.details ? (
          <details>
            <summary>{t('errors.details')}</summary>
            <code>{error.code}: {error.details}</code>
          </details>
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
    const key = `errors.${error.code}`;
    return i18n.exists(key) ? t(key) : error.message;
  };
}
