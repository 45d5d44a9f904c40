import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { caseEvaluationUpdateSchema, caseRecordSchema } from '../../protocol/case-record';
import { BATCH_FORMAT, batchReplySchema, caseBatchSchema, errorReplySchema } from '../../protocol/district';

/** Where the generated JSON Schema is kept for districts (docs/cloud-api.md links it). */
export const JSON_SCHEMA_PATH = join(import.meta.dirname, '..', '..', 'docs', 'cloud-batch.schema.json');

/**
 * The JSON Schema (draft 2020-12) of the default wire format, generated from the zod schemas the
 * sender and the receiver use, so the document cannot drift from the code. The root validates a batch
 * body (after gunzip); `$defs` also holds the answers.
 */
export function cloudBatchJsonSchema(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  registry.add(caseBatchSchema, { id: 'CaseBatch' });
  registry.add(caseRecordSchema, { id: 'CaseRecord' });
  registry.add(caseEvaluationUpdateSchema, { id: 'CaseEvaluationUpdate' });
  registry.add(batchReplySchema, { id: 'BatchReply' });
  registry.add(errorReplySchema, { id: 'ErrorReply' });
  const { schemas } = z.toJSONSchema(registry, { target: 'draft-2020-12', uri: (id) => `#/$defs/${id}` });
  const defs: Record<string, unknown> = {};
  for (const [id, s] of Object.entries(schemas)) {
    const { $schema: _s, $id: _i, ...rest } = s as Record<string, unknown>;
    defs[id] = rest;
  }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:yichuang:${BATCH_FORMAT}`,
    title: 'Yichuang case batch (yichuang.case-batch.v1)',
    description:
      'A batch of case records (办件) and evaluation updates from a hall to the district cloud, as the JSON body before gzip. $defs also describes the answers (BatchReply for HTTP 200, ErrorReply otherwise). See docs/cloud-api.md.',
    $ref: '#/$defs/CaseBatch',
    $defs: defs,
  };
}

/** The schema as written to docs/ (two-space JSON and a final newline). */
export function cloudBatchJsonSchemaText(): string {
  return `${JSON.stringify(cloudBatchJsonSchema(), null, 2)}\n`;
}

// `npx tsx server/sync/json-schema.ts` rewrites docs/cloud-batch.schema.json after a format change.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(JSON_SCHEMA_PATH, cloudBatchJsonSchemaText());
  console.log(`wrote ${JSON_SCHEMA_PATH}`);
}
