import type { ReactNode } from 'react';
import { Button, makeStyles, tokens } from '@fluentui/react-components';
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
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  section: { scrollMarginTop: '56px' },
});

export interface PageSection {
  id: string;
  label: string;
}

/** A long screen's sections, one click away: a sticky row of links to them. */
export function PageIndex({ sections }: { sections: PageSection[] }) {
  const styles = useStyles();
  const { t } = useTranslation();
  return (
    <nav className={styles.bar} aria-label={t('common.onThisPage')} data-testid="page-index">
      {sections.map((section) => (
        <Button
          key={section.id}
          size="small"
          appearance="subtle"
          onClick={() => document.getElementById(section.id)?.scrollIntoView({ block: 'start' })}
          data-testid={`page-index-${section.id}`}
        >
          {section.label}
        </Button>
      ))}
    </nav>
  );
}

/** A section the index can jump to (its heading stays clear of the sticky index). */
export function IndexedSection({ id, children }: { id: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <div id={id} className={styles.section}>
      {children}
    </div>
  );
}
