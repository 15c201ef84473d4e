import { Button, Caption1, ProgressBar, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircleFilled, CircleRegular, ErrorCircleFilled, RecordRegular } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import type { SetupStepState } from '../../../preload/contract';
import { STEPS, currentDeployment, currentStep, useSetupStore } from '../../state/setup-store';
import { styleRules } from '../../components/styles';

/** Below this window width the list shows icons only (SetupScreen narrows its column to match). */
export const COMPACT = '@media (max-width: 1099px)';

const useStyles = makeStyles({
  nav: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, position: 'sticky', top: 0 },
  list: styleRules.plainListXXS,
  item: {
    width: '100%',
    justifyContent: 'flex-start',
    textAlign: 'start',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    minHeight: '52px',
    [COMPACT]: { justifyContent: 'center', minWidth: 0, minHeight: '40px' },
  },
  current: { backgroundColor: tokens.colorNeutralBackground1Selected, boxShadow: `inset 3px 0 0 ${tokens.colorBrandStroke1}` },
  label: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, minWidth: 0, [COMPACT]: { display: 'none' } },
  done: styleRules.ok,
  attention: styleRules.bad,
  progress: { color: tokens.colorBrandForeground1 },
  idle: styleRules.muted,
  // Narrow windows: a rail of state icons, so the embedded screens keep their full width.
  long: { [COMPACT]: { display: 'none' } },
  short: { display: 'none', [COMPACT]: { display: 'inline', textAlign: 'center' } },
  // The rail keeps the steps' numbers (the one numbering of the list, the step's heading and the report).
  number: { display: 'none', [COMPACT]: { display: 'inline', fontVariantNumeric: 'tabular-nums' } },
});

/** The vertical step list: progress at all times, and a jump to any step. */
export function StepList() {
  const styles = useStyles();
  const { t } = useTranslation();
  const deployment = useSetupStore(currentDeployment);
  const step = useSetupStore(currentStep);
  const goTo = useSetupStore((s) => s.goTo);
  if (!deployment) return null;
  const icons: Record<SetupStepState, ReactElement> = {
    done: <CheckmarkCircleFilled className={styles.done} />,
    'needs-attention': <ErrorCircleFilled className={styles.attention} />,
    'in-progress': <RecordRegular className={styles.progress} />,
    'not-started': <CircleRegular className={styles.idle} />,
  };
  const done = STEPS.filter((id) => deployment.steps[id].state === 'done').length;
  return (
    <nav className={styles.nav} aria-label={t('setup.steps.listLabel')} data-testid="step-list">
      <Text weight="semibold" id="setup-progress" className={styles.long}>
        {t('setup.bar.progress', { done, total: STEPS.length })}
      </Text>
      <Text weight="semibold" className={styles.short} aria-hidden>
        {done}/{STEPS.length}
      </Text>
      <ProgressBar value={done / STEPS.length} aria-label={t('setup.bar.progress', { done, total: STEPS.length })} thickness="large" />
      <ol className={styles.list}>
        {STEPS.map((id, index) => {
          const state = deployment.steps[id].state;
          const name = t(`setup.steps.names.${id}`);
          return (
            <li key={id}>
              <Button
                appearance="subtle"
                className={mergeClasses(styles.item, id === step && styles.current)}
                icon={icons[state]}
                aria-current={id === step ? 'step' : undefined}
                title={`${index}. ${name}`}
                aria-label={`${t('setup.nav.goTo', { number: index, name })} (${t(`setup.state.${state}`)})`}
                onClick={() => goTo(id)}
                data-testid={`step-link-${id}`}
                data-state={state}
              >
                <span className={styles.number} aria-hidden>
                  {index}
                </span>
                <span className={styles.label}>
                  <Text weight={id === step ? 'semibold' : 'regular'}>
                    {index}. {name}
                  </Text>
                  <Caption1>{t(`setup.state.${state}`)}</Caption1>
                </span>
              </Button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
