import { Suspense, use, useEffect } from 'react';
import { Spinner, makeStyles, tokens } from '@fluentui/react-components';
import type { SetupStepId } from '../../../preload/contract';
import { currentDeployment, currentStep, useSetupStore } from '../../state/setup-store';
import { ChunkBoundary } from '../../components/ChunkBoundary';
import { DeploymentBar } from './DeploymentBar';
import { COMPACT, StepList } from './StepList';
import { steps } from './steps';

/*
 * The wizard, a chunk of its own (SetupScreen loads it when there is a deployment), so the
 * Welcome page of a first run does not wait for it; each step view is a chunk too (steps.ts).
 */

const useStyles = makeStyles({
  columns: {
    display: 'grid',
    gridTemplateColumns: '200px minmax(0, 1fr)',
    gap: tokens.spacingHorizontalL,
    alignItems: 'start',
    [COMPACT]: { gridTemplateColumns: '56px minmax(0, 1fr)', gap: tokens.spacingHorizontalL },
  },
});

/** A step, at once when its code is here (SetupScreen fetched the one the wizard opens at), else suspended until it is. */
function StepView({ step }: { step: SetupStepId }) {
  const { View } = steps.loaded(step) ?? use(steps.current(step));
  return <View />;
}

export function Wizard() {
  const styles = useStyles();
  const deploymentId = useSetupStore((s) => currentDeployment(s)?.id);
  const step = useSetupStore(currentStep);
  useEffect(() => steps.prefetch(), []);
  return (
    <>
      <DeploymentBar />
      <div className={styles.columns}>
        <StepList />
        {/* Keyed by deployment: what was being typed never leaks into another deployment. */}
        <ChunkBoundary key={`${deploymentId}-${step}`}>
          <Suspense fallback={<Spinner size="small" />}>
            <StepView step={step} />
          </Suspense>
        </ChunkBoundary>
      </div>
    </>
  );
}
