import { Suspense, use, useEffect, useState } from 'react';
import { Button, Field, MessageBar, MessageBarBody, Select, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, ArrowExportRegular, ArrowImportRegular, CopyRegular, DeleteRegular, RenameRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { currentDeployment, useSetupStore } from '../../state/setup-store';
import { ChunkBoundary } from '../../components/ChunkBoundary';
import { barParts } from './bar-parts';
import { ReportButton } from './ReportButton';
import { SetupErrorNotice } from './SetupErrorNotice';
import { Card } from '../../components/Card';
import { OpenFolderButton } from '../../components/OpenFolderButton';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  select: { minWidth: '260px', flexGrow: 1, maxWidth: '420px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap', alignItems: 'center' },
});

type DialogKind = 'new' | 'rename' | 'delete' | null;

/** Messages about the bar's last action: a deployment's (or the report's) export, or why it failed. */
function BarMessages({ exportedPath }: { exportedPath: string | null }) {
  const { t } = useTranslation();
  const report = useSetupStore((s) => s.report);
  const reportError = useSetupStore((s) => s.reportError);
  const error = useSetupStore((s) => (s.errorAt === 'deployment' ? s.error : null));
  return (
    <>
      {error ? <SetupErrorNotice error={error} /> : null}
      {exportedPath ? (
        <MessageBar intent="success" layout="multiline" data-testid="deployment-exported">
          <MessageBarBody>
            {t('setup.bar.exported', { path: exportedPath })} <OpenFolderButton path={exportedPath} testId="deployment-open-folder" />
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {report ? (
        <MessageBar intent="success" layout="multiline" data-testid="report-saved">
          <MessageBarBody>
            {t('setup.report.saved', { path: report.path })} <OpenFolderButton path={report.path} testId="report-open-folder" />
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {reportError?.code === 'PDF_UNAVAILABLE' ? (
        <MessageBar intent="info" layout="multiline" data-testid="report-pdf-unavailable">
          <MessageBarBody>{t('setup.report.pdfUnavailable')}</MessageBarBody>
        </MessageBar>
      ) : reportError ? (
        <SetupErrorNotice error={reportError} />
      ) : null}
    </>
  );
}

/** The dialog asked for: at once when its code is here, else once it is. */
function BarDialog({ kind, name, close }: { kind: Exclude<DialogKind, null>; name: string; close: () => void }) {
  const { t } = useTranslation();
  const { create, rename, remove } = useSetupStore.getState();
  const { NameDialog, DeleteDialog } = barParts.loaded('popups') ?? use(barParts.current('popups'));
  if (kind === 'delete') return <DeleteDialog open name={name} onConfirm={() => void remove()} onClose={close} />;
  return kind === 'new' ? (
    <NameDialog open title={t('setup.dialogs.newTitle')} initial="" submitLabel={t('setup.dialogs.create')} onSubmit={create} onClose={close} />
  ) : (
    <NameDialog open title={t('setup.dialogs.renameTitle')} initial={name} submitLabel={t('setup.dialogs.save')} onSubmit={rename} onClose={close} />
  );
}

/** The current deployment, switching between them, and what can be done with one. */
export function DeploymentBar() {
  const styles = useStyles();
  const { t } = useTranslation();
  const list = useSetupStore((s) => s.list);
  const deployment = useSetupStore(currentDeployment);
  const { switchTo, duplicate, importDeployment, exportDeployment } = useSetupStore.getState();
  const [dialog, setDialog] = useState<DialogKind>(null);
  const [exportedPath, setExportedPath] = useState<string | null>(null);
  // The menu's and dialogs' code, while the app is idle (and at the latest on the first click).
  useEffect(() => barParts.prefetch(), []);
  if (!list || !deployment) return null;
  const close = () => setDialog(null);
  const open = (kind: Exclude<DialogKind, null>) => {
    // A fresh fetch when an earlier one (the idle prefetch) failed.
    void barParts.load('popups').catch(() => undefined);
    setDialog(kind);
  };
  return (
    <Card data-testid="deployment-bar">
      <div className={styles.bar}>
        <Field label={t('setup.bar.label')} className={styles.select}>
          <Select value={deployment.id} onChange={(_e, data) => void switchTo(data.value)} data-testid="deployment-select">
            {list.deployments.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </Select>
        </Field>
        <div className={styles.actions}>
          <Button icon={<AddRegular />} onClick={() => open('new')} data-testid="deployment-new">
            {t('setup.bar.new')}
          </Button>
          <Button appearance="subtle" icon={<RenameRegular />} onClick={() => open('rename')} data-testid="deployment-rename">
            {t('setup.bar.rename')}
          </Button>
          <Button appearance="subtle" icon={<CopyRegular />} onClick={() => void duplicate()} data-testid="deployment-duplicate">
            {t('setup.bar.duplicate')}
          </Button>
          <Button appearance="subtle" icon={<DeleteRegular />} onClick={() => open('delete')} data-testid="deployment-delete">
            {t('setup.bar.delete')}
          </Button>
          <Button appearance="subtle" icon={<ArrowImportRegular />} onClick={() => void importDeployment()} data-testid="deployment-import">
            {t('setup.bar.import')}
          </Button>
          <Button
            appearance="subtle"
            icon={<ArrowExportRegular />}
            onClick={() => void exportDeployment().then((result) => setExportedPath(result?.path ?? null))}
            data-testid="deployment-export"
          >
            {t('setup.bar.export')}
          </Button>
          <ReportButton />
        </div>
      </div>
      <BarMessages exportedPath={exportedPath} />
      {dialog ? (
        <ChunkBoundary>
          <Suspense fallback={null}>
            <BarDialog kind={dialog} name={deployment.name} close={close} />
          </Suspense>
        </ChunkBoundary>
      ) : null}
    </Card>
  );
}
