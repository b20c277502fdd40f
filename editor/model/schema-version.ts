// The version of the treaty schema (schema.ts), alone in its module so that the page can name it
// when it connects, before the code that builds the schema has loaded.

/**
 * Bumped whenever a node type, mark or attribute is added; the sync server refuses older editors,
 * and documents stored under an older version are migrated on load (see `migrate.ts`).
 * 2: paragraphs, sub-paragraphs and sub-sub-paragraphs became one flat `paragraph` block with a
 *    level; articles carry the stamp of their last move.
 * 3: footnotes (an inline node holding its own text).
 */
export const SCHEMA_VERSION = 3
