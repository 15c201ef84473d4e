import { Suspense, use, useEffect } from 'react';
import { Body1, Spinner, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { currentDeployment, currentStep, useSetupStore } from '../../state/setup-store';
import { SetupErrorNotice } from './SetupErrorNotice';
import { Welcome } from './Welcome';
import type * as WizardChunk from './Wizard';
import { loadStep, prefetchSteps } from './steps';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1280px' },
});

type WizardModule = typeof WizardChunk;
let wizardModule: WizardModule | null = null;
let wizardLoading: Promise<WizardModule> | null = null;

/** The wizard's chunk (Wizard.tsx), fetched once; a failed fetch is retried on the next call. */
function loadWizard(): Promise<WizardModule> {
  wizardLoading ??= import('./Wizard').then(
    (module) => (wizardModule = module),
    (error: unknown) => {
      wizardLoading = null;
      throw error;
    },
  );
  return wizardLoading;
}

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
  if (currentDeployment(state)) await Promise.all([loadWizard(), loadStep(currentStep(state))]).catch(() => undefined);
}

/** The wizard, at once when its code is here, else suspended until it is. */
function WizardView() {
  const { Wizard } = wizardModule ?? use(loadWizard());
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
      void loadWizard().then(
        () => {
          if (!left) cancelSteps = prefetchSteps();
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
