import { useEffect } from 'react';
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useSettingsStore } from '../../state/settings-store';
import { SettingsCard } from './SettingsCard';
import { styleRules } from '../../components/styles';

const useStyles = makeStyles({
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalXL, rowGap: tokens.spacingVerticalXS, margin: 0 },
  term: styleRules.muted,
  value: { margin: 0, fontFamily: tokens.fontFamilyMonospace },
  licenses: { maxHeight: '320px', overflow: 'auto' },
});

export function AboutSection() {
  const styles = useStyles();
  const { t } = useTranslation();
  const about = useSettingsStore((state) => state.about);
  const loadAbout = useSettingsStore((state) => state.loadAbout);
  useEffect(() => {
    void loadAbout();
  }, [loadAbout]);
  if (!about) return null;

  const facts: [string, string][] = [
    [t('settings.version'), about.version],
    [t('settings.electron'), about.electron ?? t('settings.notElectron')],
    [t('settings.chromium'), about.chrome ?? t('settings.notElectron')],
    [t('settings.node'), about.node],
    [t('settings.platform'), about.platform],
  ];
  return (
    <SettingsCard title={t('settings.about')} id="settings-about">
      <Text weight="semibold">{about.appName}</Text>
      <dl className={styles.facts} data-testid="about-facts">
        {facts.map(([term, value]) => (
          <div key={term} style={{ display: 'contents' }}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.value}>{value}</dd>
          </div>
        ))}
      </dl>
      <Accordion collapsible>
        <AccordionItem value="licenses">
          <AccordionHeader>{t('settings.licenses', { count: about.licenses.length })}</AccordionHeader>
          <AccordionPanel>
            <div className={styles.licenses}>
              <Table size="small" aria-label={t('settings.licenses', { count: about.licenses.length })}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('settings.package')}</TableHeaderCell>
                    <TableHeaderCell>{t('settings.version')}</TableHeaderCell>
                    <TableHeaderCell>{t('settings.license')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {about.licenses.map((entry) => (
                    <TableRow key={`${entry.name}@${entry.version}`}>
                      <TableCell>{entry.name}</TableCell>
                      <TableCell>{entry.version}</TableCell>
                      <TableCell>{entry.license}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </AccordionPanel>
        </AccordionItem>
      </Accordion>
    </SettingsCard>
  );
}
