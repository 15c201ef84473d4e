import type { ReactNode } from 'react';
import { Button, Caption1, Field, MessageBar, MessageBarBody, Select, Subtitle2, Text, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeftRegular, ArrowRightRegular, CheckmarkRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { SetupStepId, SetupStepState } from '../../../preload/contract';
import { STEPS, currentDeployment, useSetupStore } from '../../state/setup-store';
import { formatDateTime } from '../../components/dates';
import { Card } from '../../components/Card';
import { styleRules } from '../../components/styles';
import { SetupErrorNotice } from './SetupErrorNotice';
import { IndexedSections } from '../../components/PageIndex';

const STATES: SetupStepState[] = ['not-started', 'in-progress', 'done', 'needs-attention'];

const useStyles = makeStyles({
  step: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, minWidth: 0 },
  header: { display: 'flex', justifyContent: 'space-between', alignItems: 'flex-end', gap: tokens.spacingHorizontalL, flexWrap: 'wrap' },
  title: styleRules.stackXXS,
  state: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: '220px' },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  section: styleRules.stack,
  check: styleRules.stackS,
  action: styleRules.actions,
  why: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS, borderLeft: `3px solid ${tokens.colorNeutralStroke1}`, paddingLeft: tokens.spacingHorizontalM },
  nav: { display: 'flex', justifyContent: 'space-between', gap: tokens.spacingHorizontalM, paddingBottom: tokens.spacingVerticalXL },
  // The embedded screens' tables are laid out for a full-width screen: below that width they scroll rather than squeeze.
  wide: { overflowX: 'auto', '& > *': { minWidth: '680px', boxSizing: 'border-box' } },
});

/** A section of another screen, embedded in a step (narrower than on its own screen). */
export function Embedded({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return <div className={styles.wide}>{children}</div>;
}

export interface StepCheck {
  intent: 'success' | 'warning' | 'info' | 'error';
  text: string;
  /** Something to do about it (a confirmation, a jump to another step). */
  action?: ReactNode;
}

function StepStateControl({ step }: { step: SetupStepId }) {
  const styles = useStyles();
  const { t, i18n } = useTranslation();
  const status = useSetupStore((s) => currentDeployment(s)?.steps[step]);
  const setStep = useSetupStore((s) => s.setStep);
  if (!status) return null;
  return (
    <div className={styles.state}>
      <Field label={t('setup.state.label')}>
        <Select value={status.state} onChange={(_e, data) => void setStep(step, data.value as SetupStepState)} data-testid="step-state">
          {STATES.map((state) => (
            <option key={state} value={state}>
              {t(`setup.state.${state}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Caption1 data-testid="step-changed">
        {status.changedAt ? t('setup.state.changed', { time: formatDateTime(status.changedAt, i18n.language) }) : t('setup.state.never')}
      </Caption1>
    </div>
  );
}

/** Why saving this step's state or values failed (gone with the next save that works). */
function StepError() {
  const error = useSetupStore((s) => (s.errorAt === 'step' ? s.error : null));
  return error ? <SetupErrorNotice error={error} /> : null;
}

/** A button that confirms the step is done (the admin's word, where no check can tell). */
export function ConfirmDone({ step, label }: { step: SetupStepId; label: string }) {
  const state = useSetupStore((s) => currentDeployment(s)?.steps[step].state);
  const setStep = useSetupStore((s) => s.setStep);
  return (
    <Button icon={<CheckmarkRegular />} disabled={state === 'done'} onClick={() => void setStep(step, 'done')} data-testid="confirm-done">
      {label}
    </Button>
  );
}

function StepNav({ step }: { step: SetupStepId }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const move = useSetupStore((s) => s.move);
  const index = STEPS.indexOf(step);
  return (
    <div className={styles.nav}>
      <Button icon={<ArrowLeftRegular />} disabled={index === 0} onClick={() => move(-1)} data-testid="step-back">
        {t('setup.nav.back')}
      </Button>
      <Button appearance="primary" icon={<ArrowRightRegular />} iconPosition="after" disabled={index === STEPS.length - 1} onClick={() => move(1)} data-testid="step-next">
        {t('setup.nav.next')}
      </Button>
    </div>
  );
}

/** One step of the wizard: what to do in the console, what the app does, its check and why. */
export function StepFrame({ step, check, children }: { step: SetupStepId; check: StepCheck; children: ReactNode }) {
  const styles = useStyles();
  const { t } = useTranslation();
  const index = STEPS.indexOf(step);
  const items = t(`setup.${step}.console`, { returnObjects: true }) as string[];
  return (
    <section className={styles.step} aria-labelledby="step-title" data-testid={`step-${step}`}>
      <div className={styles.header}>
        <div className={styles.title}>
          <Caption1>{t('setup.steps.stepOf', { number: index })}</Caption1>
          <Title3 as="h2" id="step-title">
            {t(`setup.steps.names.${step}`)}
          </Title3>
        </div>
        <StepStateControl step={step} />
      </div>
      <StepError />
      {/* A long step (the screens it embeds) gets the admin centre's in-page index to its four parts. */}
      <IndexedSections
        parts={[
          {
            id: 'step-console',
            label: t('setup.sections.console'),
            content: (
              <Card>
                <Subtitle2 as="h3">{t('setup.sections.console')}</Subtitle2>
                <ol className={styles.list}>
                  {items.map((item) => (
                    <li key={item}>
                      <Text>{item}</Text>
                    </li>
                  ))}
                </ol>
              </Card>
            ),
          },
          {
            id: 'step-app',
            label: t('setup.sections.app'),
            content: (
              <div className={styles.section}>
                <Subtitle2 as="h3">{t('setup.sections.app')}</Subtitle2>
                <Text>{t(`setup.${step}.app`)}</Text>
                {children}
              </div>
            ),
          },
          {
            id: 'step-check-part',
            label: t('setup.sections.check'),
            content: (
              <Card className={styles.check} data-testid="step-check">
                <Subtitle2 as="h3">{t('setup.sections.check')}</Subtitle2>
                <MessageBar intent={check.intent} layout="multiline">
                  <MessageBarBody>{check.text}</MessageBarBody>
                </MessageBar>
                {check.action ? <div className={styles.action}>{check.action}</div> : null}
              </Card>
            ),
          },
          {
            id: 'step-why',
            label: t('setup.sections.why'),
            content: (
              <div className={styles.why}>
                <Subtitle2 as="h3">{t('setup.sections.why')}</Subtitle2>
                <Text>{t(`setup.${step}.why`)}</Text>
                <Caption1>{t('setup.sections.source', { source: t(`setup.${step}.source`) })}</Caption1>
              </div>
            ),
          },
        ]}
      />
      <StepNav step={step} />
    </section>
  );
}
