import { useEffect } from 'react';
import { Body1, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useEntraStore } from '../../state/entra-store';
import { AuditSection } from './AuditSection';
import { ConnectionTestSection } from './ConnectionTestSection';
import { ManifestSection } from './ManifestSection';
import { MdmSection } from './MdmSection';
import { NodesSection } from './NodesSection';
import { PermissionsSection } from './PermissionsSection';
import { IndexedSections } from '../../components/PageIndex';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '1100px' },
});

export function ManifestScreen() {
  const styles = useStyles();
  const { t } = useTranslation();
  const error = useEntraStore((s) => s.error);
  const load = useEntraStore((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className={styles.page} data-testid="screen-manifest">
      <Title2 as="h1" id="screen-title">
        {t('manifest.title')}
      </Title2>
      <Body1>{t('manifest.intro')}</Body1>
      <IndexedSections
        lead={error ? <ErrorNotice error={error} /> : null}
        parts={[
          { id: 'manifest-nodes', label: t('manifest.nodes.title'), content: <NodesSection /> },
          { id: 'manifest-file', label: t('manifest.file.title'), content: <ManifestSection /> },
          { id: 'manifest-mdm', label: t('manifest.mdm.title'), content: <MdmSection /> },
          { id: 'manifest-permissions', label: t('manifest.permissions.title'), content: <PermissionsSection /> },
          { id: 'manifest-connection', label: t('connection.title'), content: <ConnectionTestSection /> },
          { id: 'manifest-audit', label: t('audit.title'), content: <AuditSection /> },
        ]}
      />
    </section>
  );
}
