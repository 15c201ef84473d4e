import { Badge, Button, Caption1, Link, Subtitle2, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowRightRegular, OpenRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../preload/contract';
import { useNavigationStore } from '../../state/navigation-store';
import { FIX_TARGETS, seenSpan, useTroubleshootStore } from '../../state/troubleshoot-store';
import { FindingEvidence } from './FindingEvidence';
import { FindingThumbprints } from './FindingThumbprints';
import { Card } from '../../components/Card';
import { ErrorNotice } from '../../components/ErrorNotice';

const useStyles = makeStyles({
  card: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  blocking: { borderLeft: `4px solid ${tokens.colorPaletteRedBorder2}` },
  warning: { borderLeft: `4px solid ${tokens.colorPaletteDarkOrangeBorder2}` },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  code: { fontFamily: tokens.fontFamilyMonospace },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
  where: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
});

type FindingPart = 'title' | 'cause' | 'remedy';

/**
 * Title, cause and fix in the user's language by finding code (UNKNOWN_AADSTS names its code);
 * main's English text for a code this screen does not know.
 */
export function useFindingText(): (finding: Pick<Finding, 'code' | 'aadsts'>, part: FindingPart, fallback: string) => string {
  const { t, i18n } = useTranslation();
  return (finding, part, fallback) => {
    const key = `troubleshoot.codes.${finding.code}.${part}`;
    if (!i18n.exists(key) || (part === 'title' && finding.code === 'UNKNOWN_AADSTS' && !finding.aadsts)) return fallback;
    return t(key, { code: finding.aadsts ?? '' });
  };
}

function Seen({ finding }: { finding: Finding }) {
  const { t } = useTranslation();
  const span = seenSpan(finding);
  const count = t('troubleshoot.finding.seen', { count: finding.count });
  if (!span) return <Caption1>{count}</Caption1>;
  const when = 'at' in span ? t('troubleshoot.finding.seenAt', { time: span.at }) : t('troubleshoot.finding.seenFromTo', span);
  return <Caption1>{`${count}, ${when}`}</Caption1>;
}

/** The remedy's way into the app (the screen that fixes it) and, for AADSTS codes, Microsoft's page. */
function FindingActions({ finding }: { finding: Finding }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const go = useNavigationStore((s) => s.go);
  const openLookup = useTroubleshootStore((s) => s.openLookup);
  const lookupError = useTroubleshootStore((s) => s.lookupError);
  const screen = finding.remedy.screen;
  const lookupUrl = finding.lookupUrl;
  if (!screen && !lookupUrl) return null;
  return (
    <>
      <div className={styles.actions}>
        {screen ? (
          <Button appearance="primary" icon={<ArrowRightRegular />} iconPosition="after" onClick={() => go(FIX_TARGETS[screen])} data-testid="fix-button" data-screen={screen}>
            {t(`troubleshoot.finding.fix.${screen}`)}
          </Button>
        ) : null}
        {lookupUrl ? (
          <Link onClick={() => void openLookup(lookupUrl)} data-testid="lookup-link">
            {t('troubleshoot.finding.lookup', { code: finding.aadsts ?? '' })} <OpenRegular aria-hidden />
          </Link>
        ) : null}
      </div>
      {lookupUrl && lookupError?.url === lookupUrl ? <ErrorNotice error={lookupError.error} /> : null}
    </>
  );
}

/** One finding: severity and code, what it means, the likely cause, the fix and the evidence. */
export function FindingCard({ finding }: { finding: Finding }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const findingText = useFindingText();
  const titleId = `finding-${finding.code}-${finding.aadsts ?? ''}`;
  return (
    <Card className={mergeClasses(styles.card, finding.severity === 'blocking' ? styles.blocking : styles.warning)} aria-labelledby={titleId} data-testid="finding" data-code={finding.code}>
      <div className={styles.head}>
        <Badge appearance="filled" color={finding.severity === 'blocking' ? 'danger' : 'warning'}>
          {t(`troubleshoot.finding.severity.${finding.severity}`)}
        </Badge>
        <Badge appearance="outline" color="informative" className={styles.code} data-testid="finding-code">
          {finding.code === 'UNKNOWN_AADSTS' && finding.aadsts ? finding.aadsts : finding.code}
        </Badge>
        <Seen finding={finding} />
      </div>
      <Subtitle2 as="h3" id={titleId} data-testid="finding-title">
        {findingText(finding, 'title', finding.title)}
      </Subtitle2>
      <div className={styles.section}>
        <Text weight="semibold">{t('troubleshoot.finding.cause')}</Text>
        <Text>{findingText(finding, 'cause', finding.cause)}</Text>
      </div>
      <div className={styles.section}>
        <Text weight="semibold">{t('troubleshoot.finding.remedy')}</Text>
        <Text>{findingText(finding, 'remedy', finding.remedy.text)}</Text>
        {finding.remedy.menuPath ? (
          <Text>
            {t('troubleshoot.finding.where')}: <span className={styles.where}>{finding.remedy.menuPath}</span>
          </Text>
        ) : null}
      </div>
      <FindingActions finding={finding} />
      <FindingThumbprints finding={finding} />
      <FindingEvidence finding={finding} />
    </Card>
  );
}
