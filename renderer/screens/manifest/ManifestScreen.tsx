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
import { IndexedSection, PageIndex } from '../../components/PageIndex';

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
      <PageIndex
        sections={[
          { id: 'manifest-nodes', label: t('manifest.nodes.title') },
          { id: 'manifest-file', label: t('manifest.file.title') },
          { id: 'manifest-mdm', label: t('manifest.mdm.title') },
          { id: 'manifest-permissions', label: t('manifest.permissions.title') },
          { id: 'manifest-connection', label: t('connection.title') },
          { id: 'manifest-audit', label: t('audit.title') },
        ]}
      />
      {error ? <ErrorNotice error={error} /> : null}
      <IndexedSection id="manifest-nodes">
        <NodesSection />
      </IndexedSection>
      <IndexedSection id="manifest-file">
        <ManifestSection />
      </IndexedSection>
      <IndexedSection id="manifest-mdm">
        <MdmSection />
      </IndexedSection>
      <IndexedSection id="manifest-permissions">
        <PermissionsSection />
      </IndexedSection>
      <IndexedSection id="manifest-connection">
        <ConnectionTestSection />
      </IndexedSection>
      <IndexedSection id="manifest-audit">
        <AuditSection />
      </IndexedSection>
    </section>
  );
}
