import type { ru } from './ru.ts';

type Widen<T> = { readonly [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };

/** Every catalog has exactly the Russian catalog's shape: a missing or extra key is a type error. */
export type Catalog = Widen<typeof ru>;

type PathsOf<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : PathsOf<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** A dotted key that names a message, e.g. 'tasks.form.title' or 'errors.auth.required'. */
export type MessageKey = PathsOf<typeof ru>;

export type MessageParams = Record<string, string | number>;
