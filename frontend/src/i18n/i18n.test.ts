import { describe, expect, it } from 'vitest';
import { NAV } from '../layout/navigation';
import { resources } from '.';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>();
  Object.entries(tree).forEach(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') flat.set(path, value);
    else flatten(value, path).forEach((text, sub) => flat.set(sub, text));
  });
  return flat;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const english = flatten(resources.en);

// every source file, to find the keys it asks for
const sources = import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.*', '!../test/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('translations', () => {
  it.each(['es', 'fr'] as const)('%s has exactly the English keys, each translated', (lang) => {
    const other = flatten(resources[lang]);
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
    english.forEach((text, key) => {
      const translated = other.get(key) ?? '';
      expect(translated.trim(), `${lang}: ${key}`).not.toBe('');
      expect(placeholders(translated), `${lang}: ${key}`).toEqual(placeholders(text));
    });
  });

  it('every key the code asks for exists', () => {
    const asked = new Set<string>();
    Object.values(sources).forEach((source) => {
      for (const match of source.matchAll(/\bt\(\s*'([\w.]+)'/g)) asked.add(match[1] ?? '');
      for (const match of source.matchAll(
        new RegExp(`'((?:${Object.keys(resources.en).join('|')})\\.[\\w.]+)'`, 'g'),
      ))
        asked.add(match[1] ?? '');
    });
    NAV.forEach((entry) => asked.add(entry.title));
    // a page still to be built says what it will hold
    for (const source of Object.values(sources))
      for (const match of source.matchAll(/<PlaceholderPage page="(\w+)"/g))
        asked.add(`${match[1]}.comingSoon`);
    ['pending', 'active', 'denied', 'cancelled', 'suspended'].forEach((status) =>
      asked.add(`subscriptions.status.${status}`),
    );
    expect([...asked].filter((key) => !english.has(key))).toEqual([]);
    expect(asked.size).toBeGreaterThan(100);
  });
});
