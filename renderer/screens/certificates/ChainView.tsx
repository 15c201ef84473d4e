import { Badge, Caption1, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowDownRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { certificateLabel } from '../../../preload/labels';
import { loadedCertificates, useCertificatesStore } from '../../state/certificates-store';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  chains: styleRules.stack,
  chain: styleRules.plainListXXS,
  link: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  arrow: { color: tokens.colorNeutralForeground3, paddingLeft: tokens.spacingHorizontalS },
});

/** How the loaded certificates chain together, leaf first; what is missing; cross-signed twins. */
export function ChainView() {
  const styles = useStyles();
  const { t } = useTranslation();
  const chains = useCertificatesStore((state) => state.chains);
  const files = useCertificatesStore((state) => state.files);
  const select = useCertificatesStore((state) => state.select);
  if (!chains) return null;
  const byRef = new Map(loadedCertificates(files).map((c) => [c.info.thumbprints.sha256, c.info]));
  const name = (ref: string) => {
    const info = byRef.get(ref);
    return info ? certificateLabel(info) : ref.slice(0, 16);
  };

  return (
    <Card data-testid="chain-view">
      <Subtitle2 as="h2">{t('certs.chains.title')}</Subtitle2>
      <div className={styles.chains}>
        {chains.chains.map((chain, index) => (
          <ol key={chain.certificates.join('>')} className={styles.chain} aria-label={t('certs.chains.chain', { n: index + 1 })}>
            {chain.certificates.map((ref, position) => (
              <li key={ref}>
                {position > 0 ? <ArrowDownRegular className={styles.arrow} aria-hidden /> : null}
                <span className={styles.link}>
                  <Text as="span" weight={position === 0 ? 'semibold' : 'regular'} role="link" tabIndex={0} onClick={() => select(ref)} onKeyDown={(event) => event.key === 'Enter' && select(ref)}>
                    {name(ref)}
                  </Text>
                  {byRef.get(ref)?.selfSigned ? <Badge appearance="outline">{t('certs.chains.root')}</Badge> : null}
                </span>
              </li>
            ))}
            {chain.complete ? null : (
              <li>
                <Caption1>{t('certs.chains.missing', { issuer: chain.missingIssuer ?? '?' })}</Caption1>
              </li>
            )}
          </ol>
        ))}
        {chains.twins.map((twin) => (
          <Caption1 key={twin.subject}>{t('certs.chains.twins', { subject: twin.subject, count: twin.certificates.length })}</Caption1>
        ))}
      </div>
    </Card>
  );
}
