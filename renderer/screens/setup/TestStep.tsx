import { useCallback, useState, type FormEvent } from 'react';
import { Badge, Button, Field, Text, Textarea, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeftRegular, BugRegular, SearchRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { Finding, FixScreen, SetupStepId } from '../../../preload/contract';
import { useNavigationStore } from '../../state/navigation-store';
import { STEPS, currentDeployment, useSetupStore } from '../../state/setup-store';
import { useFindingText } from '../troubleshoot/FindingCard';
import { SetupErrorNotice } from './SetupErrorNotice';
import { ConnectionTestSection } from '../manifest/ConnectionTestSection';
import { ChangeIdsElsewhere } from '../manifest/TenantIdsFields';
import { ConfirmDone, Embedded, StepFrame, type StepCheck } from './StepFrame';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';

/** The wizard step that fixes what a finding's remedy points at; null for Settings. */
const FIX_STEPS: Record<FixScreen, SetupStepId | null> = {
  chains: 'trust',
  manifest: 'certificates',
  certificates: 'certificates',
  'setup-permissions': 'register',
  'setup-mdm': 'mdm',
  settings: null,
};

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, alignItems: 'flex-start' },
  box: { width: '100%' },
  text: { fontFamily: tokens.fontFamilyMonospace, minHeight: '120px' },
  actions: styleRules.actions,
  findings: styleRules.plainList,
  finding: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, alignItems: 'flex-start' },
  head: styleRules.row,
});

function FindingItem({ finding }: { finding: Finding }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const findingText = useFindingText();
  const goTo = useSetupStore((s) => s.goTo);
  const go = useNavigationStore((s) => s.go);
  const fix = finding.remedy.screen;
  const step = fix ? FIX_STEPS[fix] : null;
  const stepName = step ? `${STEPS.indexOf(step)}. ${t(`setup.steps.names.${step}`)}` : fix === 'settings' ? t('setup.test.fixSettings') : null;
  return (
    <li>
      <Card className={styles.finding} data-testid="setup-finding" data-code={finding.code}>
        <div className={styles.head}>
          <Badge appearance="filled" color={finding.severity === 'blocking' ? 'danger' : 'warning'}>
            {finding.code === 'UNKNOWN_AADSTS' && finding.aadsts ? finding.aadsts : finding.code}
          </Badge>
          <Text weight="semibold">{findingText(finding, 'title', finding.title)}</Text>
        </div>
        <Text>{findingText(finding, 'remedy', finding.remedy.text)}</Text>
        {stepName ? (
          <Button
            size="small"
            icon={<ArrowLeftRegular />}
            onClick={() => (step ? goTo(step) : go('settings'))}
            data-testid="finding-step"
            data-step={step ?? 'settings'}
          >
            {t('setup.test.goFix', { step: stepName })}
          </Button>
        ) : null}
      </Card>
    </li>
  );
}

/** Step 5: what success looks like, and a pasted error read right here. */
export function TestStep() {
  const styles = useStyles();
  const { t } = useTranslation();
  const deployment = useSetupStore(currentDeployment);
  const deploymentId = deployment?.id ?? '';
  const result = useSetupStore((s) => s.diagnoses[deploymentId]);
  const diagnose = useSetupStore((s) => s.diagnose);
  const go = useNavigationStore((s) => s.go);
  const goTo = useSetupStore((s) => s.goTo);
  const changeIds = useCallback(() => goTo('register'), [goTo]);
  const [text, setText] = useState('');
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) void diagnose(text);
  };
  const findings = result && 'diagnosis' in result ? result.diagnosis.findings : null;
  const check: StepCheck = findings?.length
    ? { intent: 'warning', text: t('setup.test.checkFindings', { count: findings.length }) }
    : { intent: 'info', text: t('setup.test.checkWaiting'), action: <ConfirmDone step="test" label={t('setup.test.confirm')} /> };
  return (
    <StepFrame step="test" check={check}>
      <ChangeIdsElsewhere.Provider value={changeIds}>
        <Embedded>
          {/* Filled with the deployment's ISE form values (kept with it, else step 4's). */}
          <ConnectionTestSection key={deploymentId} />
        </Embedded>
      </ChangeIdsElsewhere.Provider>
      <form className={styles.form} onSubmit={onSubmit}>
        <Field className={styles.box} label={t('setup.test.pasteLabel')} hint={t('setup.test.pasteHint')}>
          <Textarea className={styles.text} value={text} onChange={(_e, data) => setText(data.value)} resize="vertical" spellCheck={false} data-testid="test-paste" />
        </Field>
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" icon={<SearchRegular />} disabled={!text.trim()} data-testid="test-diagnose">
            {t('setup.test.diagnose')}
          </Button>
          <Button icon={<BugRegular />} onClick={() => go('troubleshoot')}>
            {t('setup.test.openTroubleshoot')}
          </Button>
        </div>
      </form>
      {result && 'code' in result ? <SetupErrorNotice error={result} /> : null}
      {findings && findings.length === 0 ? <Text data-testid="no-findings">{t('setup.test.noFindings')}</Text> : null}
      {findings?.length ? (
        <ul className={styles.findings} data-testid="setup-findings">
          {findings.map((finding) => (
            <FindingItem key={`${finding.code}-${finding.aadsts ?? ''}`} finding={finding} />
          ))}
        </ul>
      ) : null}
    </StepFrame>
  );
}
