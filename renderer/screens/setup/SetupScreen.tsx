import { Suspense, use, useEffect } from 'react';
import { Body1, Spinner, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { currentDeployment, useSetupStore } from '../../state/setup-store';
import { SetupErrorNotice } from './SetupErrorNotice';
import { Welcome } from './Welcome';
import { steps } from './steps';
import { takeListFresh, wizard } from './chunks';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1280px' },
});

/** The wizard, at once when its code is here, else suspended until it is. */
function WizardView() {
  const { Wizard } = wizard.loaded('wizard') ?? use(wizard.current('wizard'));
  return <Wizard />;
}

export function SetupScreen() {
  const styles = useStyles();
  const { t } = useTranslation();
  const list = useSetupStore((s) => s.list);
  const error = useSetupStore((s) => s.error);
  const load = useSetupStore((s) => s.load);
  const hasDeployment = useSetupStore((s) => currentDeployment(s) !== null);
  useEffect(() => {
    // Coming back to the screen reloads the list; the first mount shows the one just loaded.
    if (!takeListFresh()) void load();
    // The wizard's and the steps' code is fetched while idle, so starting or opening a
    // deployment shows it at once.
    let cancelSteps: (() => void) | null = null;
    let left = false;
    const idle = requestIdleCallback(() => {
      void wizard.load('wizard').then(
        () => {
          if (!left) cancelSteps = steps.prefetch();
        },
        () => undefined,
      );
    });
    return () => {
      left = true;
      cancelIdleCallback(idle);
      cancelSteps?.();
    };
  }, [load]);
  const spinner = <Spinner label={t('setup.loading')} />;
  return (
    <section className={styles.page} data-testid="screen-setup">
      <Title2 as="h1" id="screen-title">
        {t('setup.title')}
      </Title2>
      <Body1>{t('setup.intro')}</Body1>
      {/* With a deployment, the bar and the step show their own errors; else Welcome's actions are just below. */}
      {error && !hasDeployment ? <SetupErrorNotice error={error} /> : null}
      {!list ? (
        spinner
      ) : hasDeployment ? (
        <Suspense fallback={spinner}>
          <WizardView />
        </Suspense>
      ) : (
        <Welcome />
      )}
    </section>
  );
}
