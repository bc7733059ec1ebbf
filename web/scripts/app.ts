/// <reference lib="dom" />
/**
 * The pages' only script, and only an enhancement: every page works without it. It counts
 * characters as people type, moves focus to the error summary, and reveals the field of the
 * chosen way to reply. Only the components the pages use are imported, so the rest drop out.
 */
import { Button, CharacterCount, createAll, ErrorSummary, Radios, SkipLink } from 'govuk-frontend';

createAll(Button);
createAll(CharacterCount);
createAll(ErrorSummary);
createAll(Radios);
createAll(SkipLink);

// "Print this page": a link only where printing is possible from it (hidden without JavaScript).
for (const link of document.querySelectorAll<HTMLAnchorElement>('a[data-print]')) {
  link.hidden = false;
  link.addEventListener('click', (event) => {
    event.preventDefault();
    window.print();
  });
}
