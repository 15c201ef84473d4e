import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../preload/contract';
import { shownLine } from '../../state/troubleshoot-store';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  list: styleRules.plainList,
  item: styleRules.stackXXS,
  location: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
  line: {
    margin: 0,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalS}`,
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
  cut: { color: tokens.colorNeutralForeground3, fontStyle: 'italic' },
});

/** The name main gives text that was pasted rather than read from a file. */
const PASTED = 'pasted text';

/** The kept lines of a finding, folded: file:line, the entry they belong to, and the line itself. */
export function FindingEvidence({ finding }: { finding: Finding }) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (finding.evidence.length === 0) return null;
  const heading =
    finding.evidence.length < finding.count
      ? t('troubleshoot.evidence.headingOf', { shown: finding.evidence.length, count: finding.count })
      : t('troubleshoot.evidence.heading', { count: finding.evidence.length });
  return (
    <Accordion collapsible>
      <AccordionItem value="evidence">
        <AccordionHeader data-testid="evidence-toggle">{heading}</AccordionHeader>
        <AccordionPanel>
          <ol className={styles.list} data-testid="evidence">
            {finding.evidence.map((evidence) => {
              const line = shownLine(evidence);
              return (
                <li key={`${evidence.file}:${evidence.line}`} className={styles.item}>
                  <Caption1 className={styles.location}>
                    {evidence.file === PASTED ? t('troubleshoot.evidence.pastedLine', { line: evidence.line }) : `${evidence.file}:${evidence.line}`}
                  </Caption1>
                  {evidence.entryHeader ? (
                    <Caption1 className={styles.location}>
                      {t('troubleshoot.evidence.entry')}: {evidence.entryHeader}
                    </Caption1>
                  ) : null}
                  <pre className={styles.line}>
                    {line.text}
                    {line.cut ? <span className={styles.cut}> {t('troubleshoot.evidence.cut')}</span> : null}
                  </pre>
                </li>
              );
            })}
          </ol>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
