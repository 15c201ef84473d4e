import { Suspense, use, useRef, useState } from 'react';
import { MenuButton } from '@fluentui/react-components';
import { DocumentTextRegular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { ChunkBoundary } from '../../components/ChunkBoundary';
import { barParts } from './bar-parts';
import type { ReportMenuProps } from './ReportMenu';

/** The menu, at once when its code is here, else once it is (the button stays where it is). */
function LoadedMenu(props: ReportMenuProps) {
  const ReportMenu = (barParts.loaded('popups') ?? use(barParts.current('popups'))).ReportMenu;
  return <ReportMenu {...props} />;
}

/**
 * "Export setup report": HTML always, PDF when the app can print (not through the web bridge).
 * The button is here from the first screen on; its menu's code comes with the first click (or
 * before, while the app is idle).
 */
export function ReportButton() {
  const { t } = useTranslation();
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const [asked, setAsked] = useState(false);
  // Whether the menu was open when the pointer went down on the button: the menu closes itself on
  // that click (outside it) before the button hears it, and the click should not open it again.
  const openAtPress = useRef<boolean | null>(null);
  const show = () => {
    // A fresh fetch when an earlier one (the idle prefetch) failed.
    void barParts.load('popups').catch(() => undefined);
    setAsked(true);
    setOpen(true);
  };
  const change = (next: boolean) => {
    setOpen(next);
    // Back to the button, as a menu trigger does, unless the user has moved on to something else.
    if (!next && (document.activeElement === document.body || document.activeElement?.closest('[role="menu"]'))) button.current?.focus();
  };
  return (
    <>
      <MenuButton
        ref={button}
        icon={<DocumentTextRegular />}
        aria-haspopup="menu"
        aria-expanded={open}
        onPointerDown={() => {
          openAtPress.current = open;
        }}
        onClick={() => {
          const wasOpen = openAtPress.current ?? open;
          openAtPress.current = null;
          if (wasOpen) change(false);
          else show();
        }}
        onKeyDown={(event) => {
          if (event.key !== 'ArrowDown') return;
          event.preventDefault();
          show();
        }}
        data-testid="report-menu"
      >
        {t('setup.report.button')}
      </MenuButton>
      {asked ? (
        <ChunkBoundary>
          <Suspense fallback={null}>
            <LoadedMenu open={open} button={button} onOpenChange={change} />
          </Suspense>
        </ChunkBoundary>
      ) : null}
    </>
  );
}
