import type { ReactNode } from 'react';
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel } from '@fluentui/react-components';

/** Folded details, as the admin centre folds them: a Fluent accordion of one item, closed at first. */
export function Fold({ label, children, testId, className }: { label: ReactNode; children: ReactNode; testId?: string; className?: string }) {
  return (
    <Accordion collapsible className={className} data-testid={testId}>
      <AccordionItem value="fold">
        <AccordionHeader size="small">{label}</AccordionHeader>
        <AccordionPanel>{children}</AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
