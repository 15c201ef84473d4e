import type { RefObject } from 'react';
import { Menu, MenuItem, MenuList, MenuPopover } from '@fluentui/react-components';
import { DocumentPdfRegular, GlobeRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { useSetupStore } from '../../state/setup-store';

export interface ReportMenuProps {
  open: boolean;
  /** The report button, which the menu is placed against. */
  button: RefObject<HTMLButtonElement | null>;
  onOpenChange: (open: boolean) => void;
}

/** The report button's menu (its own chunk: Fluent's menus and their positioning are not on the first screen). */
export function ReportMenu({ open, button, onOpenChange }: ReportMenuProps) {
  const { t } = useTranslation();
  const exportReport = useSetupStore((s) => s.exportReport);
  const pdfUnavailable = useSetupStore((s) => s.pdfUnavailable);
  return (
    <Menu open={open} onOpenChange={(_event, data) => onOpenChange(data.open)} positioning={{ target: button.current, position: 'below', align: 'start' }}>
      <MenuPopover>
        <MenuList aria-label={t('setup.report.button')}>
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
