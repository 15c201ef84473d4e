import { Suspense, use, useEffect, type KeyboardEvent, type ReactElement } from 'react';
import { Nav, NavDrawerHeader, NavItem, Spinner, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
// The 20 px icons NavItem is drawn for (the unsized ones follow the 14 px text).
import { Bug20Regular, DocumentBulletList20Regular, LinkMultiple20Regular, Settings20Regular, ShieldKeyhole20Regular, TaskListLtr20Regular } from '@fluentui/react-icons';
import { useTranslation } from 'react-i18next';
import { SCREENS, useNavigationStore, type Screen } from '../state/navigation-store';
import { ChunkBoundary } from './ChunkBoundary';
import { screens } from './screens';

/** Below this window width the navigation shows its icons only (names stay as labels and tooltips). */
export const NARROW = '@media (max-width: 1099px)';

const useStyles = makeStyles({
  shell: { display: 'flex', height: '100%' },
  // NavDrawer's look (an inline drawer at the start, open, 260 px wide) on Fluent's Nav: the
  // drawer's own code (its motions, and the dialog of its overlay kind) is not on the first screen.
  drawer: {
    position: 'relative',
    boxSizing: 'border-box',
    width: '260px',
    maxWidth: '100vw',
    maxHeight: '100vh',
    flexShrink: 0,
    overflow: 'hidden',
    justifyContent: 'flex-start',
    backgroundColor: tokens.colorNeutralBackground4,
    color: tokens.colorNeutralForeground1,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    [NARROW]: { width: '60px' },
  },
  brand: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS, [NARROW]: { display: 'none' } },
  header: { [NARROW]: { display: 'none' } },
  label: { [NARROW]: { display: 'none' } },
  // Fluent's NavItem selects only when the click's target is an HTML element: a click on the
  // icon's SVG (all there is of the item when the navigation shows icons only) must reach the button.
  item: { '& svg': { pointerEvents: 'none' } },
  // NavDrawerBody's own styles, without its scroll watch: that reads the body's scroll height
  // while React commits, a whole-page layout forced in the middle of the first render (the
  // header's "scrolled" shadow it drives is all that is lost).
  body: {
    padding: `0 ${tokens.spacingHorizontalXS} calc(${tokens.spacingHorizontalXXL} + 1px) ${tokens.spacingHorizontalMNudge}`,
    flex: 1,
    alignSelf: 'stretch',
    position: 'relative',
    zIndex: 1,
    overflow: 'auto',
    display: 'flex',
    flexDirection: 'column',
    rowGap: tokens.spacingVerticalXXS,
  },
  main: {
    flexGrow: 1,
    minWidth: 0,
    overflow: 'auto',
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXXL}`,
    '@media (max-width: 1340px)': { padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}` },
  },
});

/**
 * A screen, rendered at once when its code is already here (always the case for the first one),
 * else suspended until it is: a Suspense fallback stays up for at least 300 ms in React 19, so
 * it is kept for screens whose code really is missing.
 */
function ScreenView({ name }: { name: Screen }) {
  const Component = (screens.loaded(name) ?? use(screens.current(name))).default;
  return <Component />;
}

const ICONS: Record<Screen, ReactElement> = {
  setup: <TaskListLtr20Regular />,
  chains: <LinkMultiple20Regular />,
  certificates: <ShieldKeyhole20Regular />,
  manifest: <DocumentBulletList20Regular />,
  troubleshoot: <Bug20Regular />,
  settings: <Settings20Regular />,
};

/**
 * Up and down arrows (Home, End) move between the navigation's items, round at the ends, as the
 * drawer's own arrow keys did (without tabster, which the first screen otherwise has no use for).
 */
function moveByArrows(event: KeyboardEvent<HTMLElement>) {
  const items = [...event.currentTarget.querySelectorAll<HTMLElement>('button:not([disabled])')];
  const at = items.indexOf(document.activeElement as HTMLElement);
  if (at < 0) return;
  const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[event.key];
  if (to === undefined) return;
  event.preventDefault();
  items[(to + items.length) % items.length]?.focus();
}

export function AppShell() {
  const styles = useStyles();
  const { t } = useTranslation();
  const screen = useNavigationStore((state) => state.screen);
  const go = useNavigationStore((state) => state.go);
  useEffect(() => screens.prefetch(), []);

  return (
    <div className={styles.shell}>
      <Nav
        role="navigation"
        className={mergeClasses('fui-NavDrawer', styles.drawer)}
        selectedValue={screen}
        onNavItemSelect={(_event, data) => {
          // A fresh fetch of the screen's code when an earlier one (the idle prefetch) failed.
          void screens.load(data.value as Screen).catch(() => undefined);
          go(data.value as Screen);
        }}
        aria-label={t('nav.label')}
      >
        <NavDrawerHeader className={styles.header}>
          <div className={styles.brand}>
            <Text weight="semibold" size={400}>
              {t('app.title')}
            </Text>
            <Text size={200}>{t('app.tagline')}</Text>
          </div>
        </NavDrawerHeader>
        <div className={mergeClasses('fui-DrawerBody fui-NavDrawerBody', styles.body)} onKeyDown={moveByArrows}>
          {SCREENS.map((name) => (
            <NavItem key={name} value={name} icon={ICONS[name]} as="button" className={styles.item} aria-label={t(`nav.${name}`)} title={t(`nav.${name}`)} data-testid={`nav-${name}`}>
              <span className={styles.label}>{t(`nav.${name}`)}</span>
            </NavItem>
          ))}
        </div>
      </Nav>
      <main className={styles.main} aria-labelledby="screen-title">
        <ChunkBoundary key={screen}>
          <Suspense fallback={<Spinner size="small" />}>
            <ScreenView name={screen} />
          </Suspense>
        </ChunkBoundary>
      </main>
    </div>
  );
}
