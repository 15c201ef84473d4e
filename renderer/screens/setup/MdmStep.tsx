import { Button, Caption1, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeftRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { MdmFields } from '../../../preload/contract';
import { CopyAllButton, CopyButton } from '../../components/CopyButton';
import { currentValues, useSetupStore } from '../../state/setup-store';
import { SetupErrorNotice } from './SetupErrorNotice';
import { ConfirmDone, StepFrame, type StepCheck } from './StepFrame';

/** ISE's External MDM form, top to bottom (Cisco's MDM guide, Intune chapter; main's mdm-values.ts lists the same). */
const FORM: { field: string; value?: keyof MdmFields; fromGuid?: boolean }[] = [
  { field: 'name' },
  { field: 'serverType' },
  { field: 'authenticationType' },
  { field: 'autoDiscovery' },
  { field: 'autoDiscoveryUrl', value: 'autoDiscoveryUrl' },
  { field: 'clientId', value: 'clientId' },
  { field: 'tokenIssuingUrl', value: 'tokenIssuingUrl' },
  { field: 'tokenAudience', value: 'tokenAudience' },
  { field: 'description' },
  { field: 'pollingInterval' },
  { field: 'complianceReauthInterval' },
  // MDM API v3 (device GUID): ISE 3.1 and later.
  { field: 'deviceIdentifier', fromGuid: true },
  { field: 'status' },
];

const GUID_SAN = 'ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}';

const useStyles = makeStyles({
  fieldColumn: { width: '220px' },
  value: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalXXS, paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS },
  mono: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  guidance: { color: tokens.colorNeutralForeground2 },
});

/** Step 4: the form values, with copy buttons, in the order ISE's form shows them. */
export function MdmStep() {
  const styles = useStyles();
  const { t } = useTranslation();
  // Main's values of the deployment: the flow of its release, the IDs' problems, the form values.
  const deployment = useSetupStore(currentValues);
  const goTo = useSetupStore((s) => s.goTo);
  if (!deployment) return null;
  const flow = deployment.flow;
  const info = deployment.version;
  const versionLabel = info && 'label' in info ? info.label : '';
  const guidLookup = info && 'guidLookup' in info ? info.guidLookup : true;
  const values = deployment.mdm;
  const ready = !deployment.tenantProblem && !deployment.clientProblem;
  const mdm = values && 'autoDiscoveryUrl' in values ? values : null;
  // The form values kept with the deployment (typed into ISE's form in step 5) win over the computed ones.
  const form = deployment.form;
  const computed: MdmFields | null = mdm && form ? { autoDiscoveryUrl: form.discoveryUrl, clientId: mdm.clientId, tokenIssuingUrl: form.tokenUrl, tokenAudience: form.audience } : null;
  const check: StepCheck =
    ready && computed
      ? { intent: 'success', text: t('setup.mdm.checkOk'), action: <ConfirmDone step="mdm" label={t('setup.mdm.confirm')} /> }
      : {
          intent: 'warning',
          text: t('setup.mdm.checkMissing'),
          action: (
            <Button icon={<ArrowLeftRegular />} onClick={() => goTo('register')}>
              {t('setup.mdm.goRegister')}
            </Button>
          ),
        };
  return (
    <StepFrame step="mdm" check={check}>
      <Caption1>{flow === 'graph' ? t('setup.mdm.flowGraph') : t('setup.mdm.flowLegacy', { label: versionLabel })}</Caption1>
      {values && !computed && 'code' in values ? <SetupErrorNotice error={values} /> : null}
      <Table aria-label={t('setup.steps.names.mdm')} data-testid="mdm-form">
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.fieldColumn}>{t('setup.mdm.field')}</TableHeaderCell>
            <TableHeaderCell>{t('setup.mdm.value')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {FORM.filter(({ fromGuid }) => !fromGuid || guidLookup).map(({ field, value }) => {
            const name = t(`setup.mdm.fields.${field}`);
            const text = value ? (computed?.[value] ?? '—') : null;
            return (
              <TableRow key={field} data-testid={`mdm-${field}`}>
                <TableCell>{name}</TableCell>
                <TableCell>
                  {text !== null ? (
                    <span className={styles.value}>
                      <span className={styles.mono}>{text}</span>
                      {computed ? <CopyButton text={text} label={name} /> : null}
                    </span>
                  ) : (
                    <span className={styles.guidance}>{t(`setup.mdm.guidance.${field}`, { san: GUID_SAN, interpolation: { escapeValue: false } })}</span>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      {computed ? (
        <div>
          <CopyAllButton text={FORM.flatMap(({ value }) => (value ? [computed[value]] : [])).join('\n')} testId="mdm-copy-all" />
        </div>
      ) : null}
      <Caption1>{t('setup.mdm.v1Note')}</Caption1>
    </StepFrame>
  );
}
