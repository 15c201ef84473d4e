import type { ReactNode } from 'react';
import { Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';

const useStyles = makeStyles({
  // Stays at the top of the screen while it scrolls, as the admin centre's in-page links do.
  bar: {
    position: 'sticky',
    top: `calc(-1 * ${tokens.spacingVerticalL})`,
    zIndex: 2,
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalXS,
    padding: `${tokens.spacingVerticalXS} 0`,
    // The page's own background (App.tsx), so the row reads as part of the page, not a card.
    backgroundColor: tokens.colorNeutralBackground2,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  // The section's heading stays clear of the sticky index when the index jumps to it.
  anchor: { scrollMarginTop: '56px' },
  section: { minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/** A section of a long screen: its anchor, its name in the index, and what it shows. */
export interface PagePart {
  id: string;
  label: string;
  content: ReactNode;
}

/**
 * The admin centre's in-page index: a sticky row of links to a long screen's sections (at the top
 * of the screen while it scrolls). IndexedSections draws it for a screen of stacked sections; a
 * screen laid out otherwise (Certificates' two columns) puts `anchorClass` on its sections.
 */
export function PageIndex({ parts }: { parts: Pick<PagePart, 'id' | 'label'>[] }) {
  const styles = useStyles();
  const { t } = useTranslation();
  if (parts.length < 2) return null;
  return (
    <nav className={styles.bar} aria-label={t('common.onThisPage')} data-testid="page-index">
      {parts.map((part) => (
        <Button
          key={part.id}
          size="small"
          appearance="subtle"
          onClick={() => document.getElementById(part.id)?.scrollIntoView({ block: 'start' })}
          data-testid={`page-index-${part.id}`}
        >
          {part.label}
        </Button>
      ))}
    </nav>
  );
}

/** What a section the index jumps to needs: its heading stays clear of the sticky index. */
export function usePageAnchorClass(): string {
  return useStyles().anchor;
}

/**
 * A long screen's sections with the index above them: each section is named once, here, for both
 * the index and its anchor. `lead` goes between the index and the first section (a screen-wide
 * notice); a screen of one section has no index.
 */
export function IndexedSections({ parts, lead }: { parts: PagePart[]; lead?: ReactNode }) {
  const styles = useStyles();
  return (
    <>
      <PageIndex parts={parts} />
      {lead}
      {parts.map((part) => (
        <div key={part.id} id={part.id} className={mergeClasses(styles.anchor, styles.section)}>
          {part.content}
        </div>
      ))}
    </>
  );
}
