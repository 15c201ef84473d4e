import { Badge } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo } from '../../../preload/contract';
import { ExplainedChip } from '../../components/ExplainedChip';

/** Validity as of when the file was loaded: valid, expires soon, expired, not yet valid; it opens its dates and what to do. */
export function StatusBadge({ info }: { info: CertificateInfo }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string) => new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
  const dates = { from: date(info.notBefore), to: date(info.notAfter) };
  const [kind, color, label]: ['expired' | 'notYetValid' | 'expiresSoon' | 'valid', 'danger' | 'warning' | 'success', string] =
    info.status === 'expired'
      ? ['expired', 'danger', t('certs.status.expired')]
      : info.status === 'not-yet-valid'
        ? ['notYetValid', 'warning', t('certs.status.notYetValid')]
        : info.expiresSoon
          ? ['expiresSoon', 'warning', t('certs.status.expiresSoon', { count: info.daysRemaining })]
          : ['valid', 'success', t('certs.status.valid')];
  return (
    <ExplainedChip
      label={label}
      chip={
        <Badge appearance="filled" color={color}>
          {label}
        </Badge>
      }
      reason={t(`certs.statusWhy.${kind}`, dates)}
      fix={kind === 'valid' ? null : t(`certs.statusFix.${kind}`)}
    />
  );
}
