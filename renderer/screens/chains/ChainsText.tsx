import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';
import { ErrorNotice } from '../../components/ErrorNotice';
import type { Phrase } from './chain-view';

/** An api error in the user's language: `chains.errors.*`, then the shared `errors.*`, else main's message. */
export function useChainsErrorText(): (error: ApiError, values?: Record<string, string | number>) => string {
  const { t, i18n } = useTranslation();
  return (error, values = {}) => {
    const own = `chains.errors.${error.code}`;
    if (i18n.exists(own)) return t(own, values);
    const shared = `errors.${error.code}`;
    return i18n.exists(shared) ? t(shared) : error.message;
  };
}

/** A finding said from its phrase, or main's English sentence when the phrase is unknown. */
export function usePhraseText(): (phrase: Phrase | null, fallback: string) => string {
  const { t, i18n } = useTranslation();
  return (phrase, fallback) => (phrase && i18n.exists(phrase.key) ? t(phrase.key, phrase.values) : fallback);
}

/** ErrorNotice (title, folded details) with the chains translations. */
export function ChainsErrorNotice({ error }: { error: ApiError }) {
  const text = useChainsErrorText();
  return <ErrorNotice error={{ ...error, message: text(error) }} />;
}
