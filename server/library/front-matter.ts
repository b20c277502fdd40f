// Splits a library file into its YAML front matter and Markdown body, reporting YAML errors
// with their line so a reviewer can find them.
import { parse, YAMLParseError } from 'yaml'

/** A parsed clause file: the front-matter fields plus `body`, and the file line the body starts on. */
export type FrontMatterResult =
  | { data: Record<string, unknown>; bodyLine: number; error?: undefined }
  | { data?: undefined; bodyLine?: undefined; error: { field: string; message: string } }

/** Reads `---` front matter and the body after it from the text of a Markdown file. */
export function splitFrontMatter(text: string): FrontMatterResult {
  const src = text.replace(/^\uFEFF/, '')
  const lines = src.split(/\r?\n/)
  if (lines[0]?.trim() !== '---') return { error: { field: '(front matter)', message: 'the file must begin with a "---" line opening the YAML front matter' } }
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---')
  if (end < 0) return { error: { field: '(front matter)', message: 'the front matter is not closed by a "---" line' } }
  const yaml = parseYaml(lines.slice(1, end).join('\n'), 1)
  if ('error' in yaml) return { error: yaml.error }
  if (typeof yaml.value !== 'object' || yaml.value === null || Array.isArray(yaml.value)) {
    return { error: { field: '(front matter)', message: 'the front matter must be a mapping of fields (id: …, title: …)' } }
  }
  const body = lines.slice(end + 1).join('\n')
  return { data: { ...(yaml.value as Record<string, unknown>), body }, bodyLine: end + 2 }
}

/** Parses YAML text; an error names the line (offset by `lineOffset` lines into the file). */
export function parseYaml(text: string, lineOffset = 0): { value: unknown } | { error: { field: string; message: string } } {
  try {
    return { value: parse(text, { uniqueKeys: true }) }
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const line = (e.linePos?.[0]?.line ?? 0) + lineOffset
      const first = e.message.split('\n')[0] ?? e.message
      return { error: { field: '(yaml)', message: `line ${line}: ${first}` } }
    }
    return { error: { field: '(yaml)', message: (e as Error).message } }
  }
}
