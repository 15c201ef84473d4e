import { useEffect, useRef } from 'react';
import { Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Subtitle2, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldKeyholeRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useChainsStore } from '../../state/chains-store';
import { useNavigationStore } from '../../state/navigation-store';
import { currentDeployment, deploymentFlow, useSetupStore } from '../../state/setup-store';
import { CertificateDrawer } from '../chains/CertificateDrawer';
import { HostList } from '../chains/HostList';
import { IseNeedsCard } from '../chains/IseNeedsCard';
import { IsePanel } from '../chains/IsePanel';
import { ChainsErrorNotice } from '../chains/ChainsText';
import { ConfirmDone, Embedded, StepFrame, type StepCheck } from './StepFrame';
import { Card } from '../../components/Card';

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/** The CAs this deployment exported for ISE (kept with it, and in the report). */
function SavedCas() {
  const styles = useStyles();
  const { t } = useTranslation();
  const cas = useSetupStore((s) => currentDeployment(s)?.trustedCas) ?? [];
  return (
    <Card data-testid="saved-cas">
      <Subtitle2 as="h3">{t('setup.trust.savedTitle')}</Subtitle2>
      {cas.length ? (
        <ul className={styles.list}>
          {cas.map((ca) => (
            <li key={ca.sha256} className={styles.mono}>
              {ca.name}
            </li>
          ))}
        </ul>
      ) : (
        <Caption1>{t('setup.trust.savedNone')}</Caption1>
      )}
    </Card>
  );
}

function OfflineNote() {
  const { t } = useTranslation();
  const go = useNavigationStore((s) => s.go);
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t('setup.trust.offlineTitle')}</MessageBarTitle>
        {t('setup.trust.offline')}{' '}
        <Button size="small" icon={<ShieldKeyholeRegular />} onClick={() => go('certificates')}>
          {t('setup.trust.openCertificates')}
        </Button>
      </MessageBarBody>
    </MessageBar>
  );
}

/** Step 1: the Chains screen's host fetch and "What ISE needs", inside the step. */
export function TrustStep() {
  const { t } = useTranslation();
  const error = useChainsStore((s) => s.error);
  const load = useChainsStore((s) => s.load);
  const listen = useChainsStore((s) => s.listen);
  const needs = useChainsStore((s) => s.state?.needs.certificates.length ?? 0);
  const missing = useChainsStore((s) => s.state?.missingInIse ?? null);
  const exported = useSetupStore((s) => currentDeployment(s)?.trustedCas.length ?? 0);
  const legacy = useSetupStore((s) => deploymentFlow(s) === 'legacy');
  const hosts = useChainsStore((s) => s.hosts);
  const addHost = useChainsStore((s) => s.addHost);
  useEffect(() => listen(), [listen]);
  useEffect(() => {
    void load();
  }, [load]);
  // A release that still discovers Intune through Azure AD Graph talks to graph.windows.net too:
  // offered once for such a release (the admin can remove it), never a default host.
  const offeredLegacy = useRef(false);
  useEffect(() => {
    if (!legacy || hosts === null || offeredLegacy.current) return;
    offeredLegacy.current = true;
    addHost('graph.windows.net');
  }, [legacy, hosts, addHost]);

  let check: StepCheck;
  if (missing && needs > 0) {
    check = missing.length === 0 ? { intent: 'success', text: t('setup.trust.checkComplete') } : { intent: 'warning', text: t('setup.trust.checkMissing', { count: missing.length }) };
  } else if (exported > 0) {
    check = { intent: 'info', text: t('setup.trust.checkExported', { count: exported }), action: <ConfirmDone step="trust" label={t('setup.trust.confirm')} /> };
  } else {
    check = { intent: 'info', text: t('setup.trust.checkNothing') };
  }
  return (
    <StepFrame step="trust" check={check}>
      {error ? <ChainsErrorNotice error={error} /> : null}
      <OfflineNote />
      <Embedded>
        <HostList />
      </Embedded>
      <Embedded>
        <IseNeedsCard />
      </Embedded>
      <Embedded>
        <IsePanel />
      </Embedded>
      <SavedCas />
      <CertificateDrawer />
    </StepFrame>
  );
}
