import { Menu, MenuButton, MenuItem, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components';
import { ArrowExportRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../../../preload/contract';
import { useCertificatesStore } from '../../state/certificates-store';

const CHOICES: { id: string; format: ExportFormat; bundle: boolean }[] = [
  { id: 'pemEach', format: 'pem', bundle: false },
  { id: 'pemBundle', format: 'pem', bundle: true },
  { id: 'derEach', format: 'der', bundle: false },
  { id: 'p7bBundle', format: 'p7b', bundle: true },
  { id: 'base64Each', format: 'base64', bundle: false },
];

export function ExportMenu({ disabled, count }: { disabled: boolean; count: number }) {
  const { t } = useTranslation();
  const exportCertificates = useCertificatesStore((state) => state.exportCertificates);
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <MenuButton icon={<ArrowExportRegular />} disabled={disabled} data-testid="export-menu">
          {t('certs.export.button', { count })}
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {CHOICES.map((choice) => (
            <MenuItem key={choice.id} onClick={() => void exportCertificates(choice.format, choice.bundle)} data-testid={`export-${choice.id}`}>
              {t(`certs.export.${choice.id}`)}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
