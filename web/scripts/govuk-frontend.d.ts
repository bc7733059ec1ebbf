/** The part of govuk-frontend's JavaScript the pages use (the package ships no types for its entry). */
declare module 'govuk-frontend' {
  type Component = abstract new (...args: never[]) => unknown;
  export const Button: Component;
  export const CharacterCount: Component;
  export const ErrorSummary: Component;
  export const Radios: Component;
  export const SkipLink: Component;
  export function createAll(component: Component): unknown[];
}
