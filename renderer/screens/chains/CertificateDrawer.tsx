import { Button, DrawerBody, DrawerHeader, DrawerHeaderTitle, OverlayDrawer } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useChainsStore } from '../../state/chains-store';
import { CertificateDetails } from '../certificates/CertificateDetails';

/** Every field of the chosen chain certificate, in the workbench's details view. */
export function CertificateDrawer() {
  const { t } = useTranslation();
  const detail = useChainsStore((s) => s.detail);
  const showDetail = useChainsStore((s) => s.showDetail);
  return (
    <OverlayDrawer position="end" size="large" open={detail !== null} onOpenChange={(_event, data) => !data.open && showDetail(null)}>
      <DrawerHeader>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label={t('chains.details.close')} icon={<DismissRegular />} onClick={() => showDetail(null)} data-testid="details-close" />}
        >
          {t('chains.details.title')}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody>{detail ? <CertificateDetails certificate={{ index: 0, info: detail, hasPrivateKey: false, keyId: null }} /> : null}</DrawerBody>
    </OverlayDrawer>
  );
}
