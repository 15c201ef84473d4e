import { useEffect, type ReactElement } from 'react';
import { Body1, Spinner, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { SetupStepId } from '../../../preload/contract';
import { currentDeployment, currentStep, useSetupStore } from '../../state/setup-store';
import { BeforeStep } from './BeforeStep';
import { CertificatesStep } from './CertificatesStep';
import { DeploymentBar } from './DeploymentBar';
import { MdmStep } from './MdmStep';
import { RegisterStep } from './RegisterStep';
import { SetupErrorNotice } from './SetupErrorNotice';
import { COMPACT, StepList } from './StepList';
import { TestStep } from './TestStep';
import { TrustStep } from './TrustStep';
import { Welcome } from './Welcome';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '1280px' },
  columns: {
    display: 'grid',
    gridTemplateColumns: '220px minmax(0, 1fr)',
    gap: tokens.spacingHorizontalXL,
    alignItems: 'start',
    [COMPACT]: { gridTemplateColumns: '56px minmax(0, 1fr)', gap: tokens.spacingHorizontalL },
  },
});

const STEP_VIEWS: Record<SetupStepId, () => ReactElement | null> = {
  before: BeforeStep,
  trust: TrustStep,
  register: RegisterStep,
  certificates: CertificatesStep,
  mdm: MdmStep,
  test: TestStep,
};

function Wizard() {
  const styles = useStyles();
  const deploymentId = useSetupStore((s) => currentDeployment(s)?.id);
  const step = useSetupStore(currentStep);
  const View = STEP_VIEWS[step];
  return (
    <>
      <DeploymentBar />
      <div className={styles.columns}>
        <StepList />
        {/* Keyed by deployment: what was being typed never leaks into another deployment. */}
        <View key={`${deploymentId}-${step}`} />
      </div>
    </>
  );
}

export function SetupScreen() {
  const styles = useStyles();
  const { t } = useTranslation();
  const list = useSetupStore((s) => s.list);
  const error = useSetupStore((s) => s.error);
  const load = useSetupStore((s) => s.load);
  const hasDeployment = useSetupStore((s) => currentDeployment(s) !== null);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className={styles.page} data-testid="screen-setup">
      <Title2 as="h1" id="screen-title">
        {t('setup.title')}
      </Title2>
      <Body1>{t('setup.intro')}</Body1>
      {error ? <SetupErrorNotice error={error} /> : null}
      {!list ? <Spinner label={t('setup.loading')} /> : hasDeployment ? <Wizard /> : <Welcome />}
    </section>
  );
}
