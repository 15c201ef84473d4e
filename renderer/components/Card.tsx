import { forwardRef } from 'react';
import { getIntrinsicElementProps, renderCard_unstable, slot, useCardStyles_unstable, type CardProps, type CardState } from '@fluentui/react-components';

/** What a card holding content takes: Fluent's Card props, without those that make it a control. */
export type ContentCardProps = Omit<CardProps, 'onClick' | 'onDoubleClick' | 'selected' | 'defaultSelected' | 'onSelectionChange' | 'floatingAction' | 'checkbox' | 'focusMode' | 'disabled'>;

/** A content card has no checkbox to label: what Fluent's card context holds for one. */
const NOT_SELECTABLE: CardState['selectableA11yProps'] = {
  referenceId: undefined,
  referenceLabel: undefined,
  setReferenceId: () => undefined,
  setReferenceLabel: () => undefined,
};

/**
 * Fluent's Card as the app uses it, for content only (not clickable, not selectable): Fluent's
 * styles and markup, with the state Fluent's own hook gives such a card, but not that hook: it
 * imports tabster for the clickable kinds (about 170 KB). With this card the first screen has no
 * tabster at all; only the screens and popups that use it (menus, dialogs) load it.
 */
export const Card = forwardRef<HTMLDivElement, ContentCardProps>(function Card({ appearance = 'filled', orientation = 'vertical', size = 'medium', ...props }, ref) {
  const state: CardState = {
    appearance,
    orientation,
    size,
    interactive: false,
    selectable: false,
    selected: false,
    selectFocused: false,
    disabled: false,
    selectableA11yProps: NOT_SELECTABLE,
    components: { root: 'div', floatingAction: 'div', checkbox: 'input' },
    root: slot.always(getIntrinsicElementProps('div', { ref, role: 'group', ...props }), { elementType: 'div' }),
  };
  useCardStyles_unstable(state);
  return renderCard_unstable(state, { selectableA11yProps: NOT_SELECTABLE });
});
