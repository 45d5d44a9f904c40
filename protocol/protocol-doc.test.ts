import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandSchemas } from './commands';
import { ERROR_CODES } from './errors';
import { FEED_EVENT_TYPES, PUSH_NAMES } from './pushes';

/**
 * docs/protocol.md against protocol/: every command, push, feed event type and error code the schemas
 * know is in the document, and the document names nothing they do not. A receiver written from the
 * document alone then speaks the protocol the hall speaks.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const doc = readFileSync(path.join(ROOT, 'docs/protocol.md'), 'utf8');

/** The body of a `## heading` section, up to the next `## `. */
function section(heading: string): string {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/protocol.md has no "## ${heading}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The backquoted names in one column of a section's table rows (header and rule rows skipped). */
function column(heading: string, index: number): string[] {
  const rows = section(heading)
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2);
  // A cell may hold `\|` inside backquotes: split on bars that are not escaped.
  const cells = rows.map((r) => r.split(/(?<!\\)\|/).map((c) => c.trim())[index + 1] ?? '');
  return cells.flatMap((c) => [...c.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

describe('docs/protocol.md', () => {
  it('lists every command and no other', () => {
    expect(sorted(column('Commands', 1))).toEqual(sorted(Object.keys(commandSchemas)));
  });

  it('lists every push and no other', () => {
    expect(sorted(column('Pushes', 0))).toEqual(sorted(PUSH_NAMES));
  });

  it('lists every feed event type and no other', () => {
    expect(sorted(column('The event feed', 0))).toEqual(sorted(FEED_EVENT_TYPES));
  });

  it('lists every error code with its message, and no other', () => {
    expect(sorted(column('Error codes', 0))).toEqual(sorted(Object.keys(ERROR_CODES)));
    for (const [code, message] of Object.entries(ERROR_CODES)) expect(doc).toContain(`| \`${code}\` | ${message} |`);
  });

  it('uses the demo hall id wherever the documents give a hall id as an example', () => {
    const hall = JSON.parse(readFileSync(path.join(ROOT, 'seeds/hall.json'), 'utf8')) as { id: string };
    const docs = readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
    const ids = docs.flatMap((f) => {
      const text = readFileSync(path.join(ROOT, 'docs', f), 'utf8');
      return [...text.matchAll(/"hallId": "([^"<{]+)"|CLOUD_HALL_KEYS="([^"=<]+)=/g)].map((m) => m[1] ?? m[2]!);
    });
    expect(ids.length).toBeGreaterThan(0);
    expect(sorted(ids)).toEqual([hall.id]);
  });
});
