import { Menu, MenuButton, MenuItem, MenuList, MenuPopover, MenuTrigger } from '@fluentui/react-components';
import { DocumentPdfRegular, DocumentTextRegular, GlobeRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useSetupStore } from '../../state/setup-store';

/** "Export setup report": HTML always, PDF when the app can print (not through the web bridge). */
export function ReportButton() {
  const { t } = useTranslation();
  const exportReport = useSetupStore((s) => s.exportReport);
  const pdfUnavailable = useSetupStore((s) => s.pdfUnavailable);
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <MenuButton icon={<DocumentTextRegular />} data-testid="report-menu">
          {t('setup.report.button')}
        </MenuButton>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          <MenuItem icon={<GlobeRegular />} onClick={() => void exportReport('html')} data-testid="report-html">
            {t('setup.report.html')}
          </MenuItem>
          {pdfUnavailable ? null : (
            <MenuItem icon={<DocumentPdfRegular />} onClick={() => void exportReport('pdf')} data-testid="report-pdf">
              {t('setup.report.pdf')}
            </MenuItem>
          )}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
