import { Badge } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { CertificateInfo } from '../../../preload/contract';

/** Validity as of when the file was loaded: valid, expires soon, expired, not yet valid. */
export function StatusBadge({ info }: { info: CertificateInfo }) {
  const { t } = useTranslation();
  if (info.status === 'expired') return <Badge appearance="filled" color="danger">{t('certs.status.expired')}</Badge>;
  if (info.status === 'not-yet-valid') return <Badge appearance="filled" color="warning">{t('certs.status.notYetValid')}</Badge>;
  if (info.expiresSoon) {
    return <Badge appearance="filled" color="warning">{t('certs.status.expiresSoon', { count: info.daysRemaining })}</Badge>;
  }
  return <Badge appearance="filled" color="success">{t('certs.status.valid')}</Badge>;
}
