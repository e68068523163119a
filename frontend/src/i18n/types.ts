/** The same keys as `T`, each a string: what every language provides for an area. */
export type Strings<T> = { [K in keyof T]: T[K] extends string ? string : Strings<T[K]> };

/** An area's strings in every language the UI speaks. */
export interface AreaStrings<T> {
  en: T;
  es: Strings<T>;
  fr: Strings<T>;
}
