import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';
import { ErrorNotice } from '../../components/ErrorNotice';

/** An api error in the user's language: the Setup screen's own texts first, then the app's. */
export function SetupErrorNotice({ error }: { error: ApiError }) {
  const { t, i18n } = useTranslation();
  const key = `setup.errors.${error.code}`;
  return <ErrorNotice error={i18n.exists(key) ? { ...error, message: t(key) } : error} />;
}
