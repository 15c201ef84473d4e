import { useEffect } from 'react';
import { Body1, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { useChainsStore } from '../../state/chains-store';
import { CatalogCard } from './CatalogCard';
import { CertificateDrawer } from './CertificateDrawer';
import { ChainResult } from './ChainResult';
import { ChainsErrorNotice } from './ChainsText';
import { HostList } from './HostList';
import { IseNeedsCard } from './IseNeedsCard';
import { IsePanel } from './IsePanel';
import { IndexedSections } from '../../components/PageIndex';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '1100px' },
});

function Results() {
  const hosts = useChainsStore((s) => s.hosts) ?? [];
  const results = useChainsStore((s) => s.state?.results) ?? [];
  return (
    <>
      {hosts.map((target) => {
        const result = results.find((entry) => entry.target === target);
        return result ? <ChainResult key={target} result={result} /> : null;
      })}
    </>
  );
}

export function ChainsScreen() {
  const styles = useStyles();
  const { t } = useTranslation();
  const error = useChainsStore((s) => s.error);
  const load = useChainsStore((s) => s.load);
  const listen = useChainsStore((s) => s.listen);
  const loadCatalog = useChainsStore((s) => s.loadCatalog);
  useEffect(() => listen(), [listen]);
  useEffect(() => {
    void load();
    void loadCatalog();
  }, [load, loadCatalog]);
  return (
    <section className={styles.page} data-testid="screen-chains">
      <Title2 as="h1" id="screen-title">
        {t('chains.title')}
      </Title2>
      <Body1>{t('chains.intro')}</Body1>
      <IndexedSections
        lead={error ? <ChainsErrorNotice error={error} /> : null}
        parts={[
          {
            id: 'chains-hosts',
            label: t('chains.hosts.title'),
            content: (
              <>
                <HostList />
                <Results />
              </>
            ),
          },
          { id: 'chains-needs', label: t('chains.needs.title'), content: <IseNeedsCard /> },
          { id: 'chains-ise', label: t('ise.title'), content: <IsePanel /> },
          { id: 'chains-catalog', label: t('chains.catalog.title'), content: <CatalogCard /> },
        ]}
      />
      <CertificateDrawer />
    </section>
  );
}
