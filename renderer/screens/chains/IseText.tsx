import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../preload/contract';
import { ErrorNotice } from '../../components/ErrorNotice';

/** `AB:CD:...`: how ISE's console shows a fingerprint, easier to compare by eye. */
export function colonHex(hex: string): string {
  return hex.match(/.{1,2}/g)?.join(':') ?? hex;
}

/** A date as `YYYY-MM-DD HH:MM UTC` (certificate dates are UTC). */
export function utcDate(iso: string): string {
  return iso.length >= 16 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : iso;
}

/** An api error in the user's language: `ise.errors.*`, then the shared `errors.*`, else main's message. */
export function useIseErrorText(): (error: ApiError) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    const own = `ise.errors.${error.code}`;
    if (i18n.exists(own)) return t(own);
    const shared = `errors.${error.code}`;
    return i18n.exists(shared) ? t(shared) : error.message;
  };
}

/** ErrorNotice with the ISE translations; main's own sentence (it names the host) stays under the details. */
export function IseErrorNotice({ error }: { error: ApiError }) {
  const text = useIseErrorText();
  const translated = text(error);
  const details = translated === error.message ? error.details : [error.message, error.details].filter(Boolean).join('\n');
  return (
    <div data-testid="ise-error" data-code={error.code}>
      <ErrorNotice error={{ ...error, message: translated, ...(details ? { details } : {}) }} />
    </div>
  );
}
