import { Suspense, use, useEffect } from 'react';
import { Body1, Spinner, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { currentDeployment, currentStep, useSetupStore } from '../../state/setup-store';
import { SetupErrorNotice } from './SetupErrorNotice';
import { Welcome } from './Welcome';
import type * as WizardChunk from './Wizard';
import { steps } from './steps';
import { chunkLoader } from '../../components/chunks';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1280px' },
});

// The wizard is a chunk of its own (Wizard.tsx): the Welcome page does not wait for it.
const wizard = chunkLoader({ wizard: (): Promise<typeof WizardChunk> => import('./Wizard') });

/** Set by prepareSetupScreen: the list just loaded is the one the first render shows, no need to ask again on mount. */
let listFresh = false;

/**
 * Before the first render, once the deployments are in (state/startup.ts asks for them when the
 * app starts): when there is one, the code of the wizard and of the step it opens at, so the
 * screen shows complete at once (a Suspense fallback would stay up for at least 300 ms in React 19).
 */
export async function prepareSetupScreen(): Promise<void> {
  const state = useSetupStore.getState();
  listFresh = state.list !== null;
  if (currentDeployment(state)) await Promise.all([wizard.load('wizard'), steps.load(currentStep(state))]).catch(() => undefined);
}

/** The wizard, at once when its code is here, else suspended until it is. */
function WizardView() {
  const { Wizard } = wizard.loaded('wizard') ?? use(wizard.load('wizard'));
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
    if (listFresh) listFresh = false;
    else void load();
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
      {error ? <SetupErrorNotice error={error} /> : null}
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
