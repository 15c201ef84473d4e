import { Badge, Caption1, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Finding, ThumbprintInText, ThumbprintMatch } from '../../../preload/contract';
import { explanationTexts } from './explanation-text';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  list: styleRules.plainList,
  item: styleRules.stackXXS,
  head: styleRules.row,
  mono: styleRules.mono,
  explanations: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
});

const REGISTERED_COLORS = { yes: 'success', no: 'danger', unknown: 'informative' } as const;

function registeredKey(match: ThumbprintMatch): keyof typeof REGISTERED_COLORS {
  return match.registered === null ? 'unknown' : match.registered ? 'yes' : 'no';
}

/** One thumbprint of the text: as written, decoded, its dates, and the loaded certificate it is. */
function ThumbprintRow({ thumbprint, match }: { thumbprint: ThumbprintInText; match: ThumbprintMatch | undefined }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const dates = thumbprint.start !== null ? t('troubleshoot.thumbprints.dates', { start: thumbprint.start, end: thumbprint.end ?? '?' }) : null;
  return (
    <li className={styles.item} data-testid="thumbprint" data-matched={match ? match.certificate.node : ''}>
      <div className={styles.head}>
        <Badge appearance="outline" color="brand">
          {t(`troubleshoot.thumbprints.source.${thumbprint.source}`)}
        </Badge>
        {thumbprint.text ? <span className={styles.mono}>{thumbprint.text}</span> : <Text>{t('troubleshoot.thumbprints.datesOnly')}</Text>}
        {thumbprint.hex && thumbprint.hex !== thumbprint.text.toUpperCase() ? (
          <span className={styles.mono}>{t('troubleshoot.thumbprints.decoded', { hex: thumbprint.hex })}</span>
        ) : null}
      </div>
      {dates ? <Caption1>{dates}</Caption1> : null}
      {thumbprint.encoding === 'unreadable' ? <Caption1>{t('troubleshoot.thumbprints.unreadable')}</Caption1> : null}
      {match ? (
        <div className={styles.head}>
          <Text weight="semibold">
            {t('troubleshoot.thumbprints.node', { node: match.certificate.node, cn: match.certificate.subjectCN, date: match.certificate.notAfter.slice(0, 10) })}
          </Text>
          <Badge appearance="tint" color={REGISTERED_COLORS[registeredKey(match)]} data-testid="thumbprint-registered">
            {t(`troubleshoot.thumbprints.registered.${registeredKey(match)}`)}
          </Badge>
        </div>
      ) : thumbprint.hex ? (
        <Caption1>{t('troubleshoot.thumbprints.noMatch')}</Caption1>
      ) : null}
    </li>
  );
}

/**
 * The service's sentences tying thumbprints to nodes (in the user's language from their phrases,
 * else main's English marked lang="en"), then each thumbprint with its match.
 */
export function FindingThumbprints({ finding }: { finding: Finding }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  if (finding.thumbprints.length === 0 && finding.explanations.length === 0) return null;
  return (
    <>
      {finding.explanations.length > 0 ? (
        <>
          <Text weight="semibold">{t('troubleshoot.finding.explanations')}</Text>
          <ul className={styles.explanations} data-testid="explanations">
            {explanationTexts(i18n, finding.explanations, finding.explanationPhrases).map((sentence, index) => (
              <li key={index} lang={sentence.translated ? undefined : 'en'}>
                <Text>{sentence.text}</Text>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {finding.thumbprints.length > 0 ? (
        <>
          <Text weight="semibold">{t('troubleshoot.thumbprints.heading')}</Text>
          <ul className={styles.list}>
            {finding.thumbprints.map((thumbprint, index) => (
              <ThumbprintRow
                key={`${thumbprint.source}-${thumbprint.text}-${index}`}
                thumbprint={thumbprint}
                match={finding.matched.find((match) => match.thumbprint === thumbprint.text && match.source === thumbprint.source)}
              />
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
