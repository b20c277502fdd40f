// Rule (warning): the text refers to a capitalised institution ("the Committee", "the Conference
// of the Parties") that no article establishes. An article establishes a body when its heading
// names it, or when one of its sentences sets a body up and names it as what is set up ("The
// Committee is hereby established", "The parties hereby establish the Commission"; not "The
// Commission shall establish the facts"); a parameter reads as its value ("The parties hereby
// establish {{implementation_body}}"). Where the library has a clause that establishes the body,
// the finding offers it, to go before the final provisions.
import type { Node } from 'prosemirror-model'
import { parameterText } from '../clauses/values.js'
import { inPlace, locate, quoted, type LintFinding, type LintRule } from './finding.js'

/** The words that end an institution's name. */
const BODIES = [
  'Conference of the Parties', 'Meeting of the Parties', 'Assembly of States Parties', 'Committee', 'Commission', 'Council',
  'Board', 'Secretariat', 'Tribunal', 'Court', 'Panel', 'Mechanism', 'Assembly', 'Authority', 'Bureau', 'Fund', 'Agency', 'Office',
]

/** "the Committee", "the Joint Verification Commission", "the Conference of the Parties". */
const REFERENCE = new RegExp(`\\b[Tt]he ((?:[A-Z][\\w’'-]*\\s+(?:(?:of|on|for|and)\\s+)?)*?(?:${BODIES.join('|')}))\\b`, 'g')

/** Bodies a treaty refers to without establishing them: they exist already. */
const EXISTING = new Set([
  'Security Council', 'General Assembly', 'International Court of Justice', 'International Criminal Court', 'Economic and Social Council',
  'Human Rights Council', 'Trusteeship Council', 'Peacebuilding Commission', 'International Law Commission', 'Court',
])

/** "There shall be established a Conference of the Parties": the body follows. */
const THERE_ESTABLISHED = /\bthere\s+(?:shall\s+be|is\s+hereby|are\s+hereby)\s+established\b(.*)$/i
/** "A Committee is hereby established", "A fund shall be established": the body comes first ("it is established that" sets nothing up). */
const IS_ESTABLISHED = /^(.*?)\b(?:is|are|be)\s+(?:hereby\s+)?established\b(?!\s+that\b)/i
/** "The parties hereby establish the Commission", "shall establish a …": the body follows. */
const ESTABLISH = /\b(?:hereby\s+establish(?:es)?\b|shall\s+establish\b|establish(?:es)?(?=\s+(?:a|an|the)\s))(.*)$/i

/**
 * The part of `sentence` naming what it sets up: the words after "hereby establish", "shall
 * establish …" or "there shall be established", the words before "is (hereby) established";
 * null for a sentence that sets nothing up ("where it is established that …", "the arrangements
 * established by this Agreement", "the Commission shall establish the facts" sets up the facts).
 */
export function establishedPart(sentence: string): string | null {
  const m = THERE_ESTABLISHED.exec(sentence) ?? IS_ESTABLISHED.exec(sentence) ?? ESTABLISH.exec(sentence)
  return m ? m[1]! : null
}

/** Text of a block with each parameter read as `parameter(name)` and cross-references left out. */
export function blockText(node: Node, parameter: (name: string) => string): string {
  let text = ''
  node.descendants((child) => {
    if (child.isText) text += child.text ?? ''
    else if (child.type.name === 'parameter') text += parameter(String(child.attrs.name ?? ''))
    return true
  })
  return text
}

/**
 * The texts by which `article` may establish a body: its heading (unless `headings` is false),
 * and the part of each sentence naming what it sets up (establishedPart), parameters read with `parameter`.
 */
export function establishingTexts(article: Node, parameter: (name: string) => string, headings = true): string[] {
  const texts: string[] = []
  article.forEach((child) => {
    const text = blockText(child, parameter)
    if (child.type.name === 'heading') { if (headings) texts.push(text) }
    else if (child.type.name === 'paragraph') {
      for (const sentence of text.split(/(?<=[.;:])\s+/)) {
        const part = establishedPart(sentence)
        if (part?.trim()) texts.push(part)
      }
    }
  })
  return texts
}

/** Bodies that exist already, as a pattern, for leaving them out of an establishing text. */
const EXISTING_NAMES = new RegExp(`\\b(?:${[...EXISTING].join('|')})\\b`, 'g')

/**
 * Whether `text` (an establishing text) names the body `name` ("Committee" in "the Joint
 * Committee"); a body that exists already does not count ("the Council" is not set up by a
 * request to the Security Council).
 */
export function namesBody(text: string, name: string): boolean {
  return new RegExp(`\\b${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text.replace(EXISTING_NAMES, ' '))
}

export const unestablishedInstitution: LintRule = {
  id: 'unestablished-institution',
  run(ctx) {
    const value = (name: string) => parameterText(Object.prototype.hasOwnProperty.call(ctx.parameters, name) ? ctx.parameters[name] ?? '' : '')
    const establishing: string[] = []
    const uses: Array<{ name: string; pos: number }> = []
    /** Existing bodies the text names: "the Council" after "the Security Council" is that body. */
    const mentioned = new Set<string>()
    ctx.doc.descendants((node, pos) => {
      if (node.type.name === 'drafting_note') return false
      if (node.type.name === 'article') {
        establishing.push(...establishingTexts(node, value))
        return true
      }
      if (!node.isTextblock) return true
      const text = node.textContent
      for (const match of text.matchAll(EXISTING_NAMES)) mentioned.add(match[0])
      for (const match of text.matchAll(REFERENCE)) {
        const name = match[1]!
        const start = match.index + match[0].length - name.length
        // "the International Court of Justice": the name runs on past the word the pattern stops at
        const existing = EXISTING.has(name) || [...EXISTING].some((e) => e.startsWith(`${name} `) && text.startsWith(e, start))
        if (!existing && !/ of the United Nations$/.test(name)) uses.push({ name, pos: pos + 1 })
      }
      return false
    })
    const findings: LintFinding[] = []
    const reported = new Set<string>()
    for (const use of uses) {
      if (reported.has(use.name)) continue
      if (establishing.some((text) => namesBody(text, use.name)) || [...mentioned].some((e) => e.endsWith(` ${use.name}`))) continue
      reported.add(use.name)
      const location = locate(ctx, use.pos)
      const fix = ctx.library?.institution(use.name, ctx.parameters)
      findings.push({
        rule: 'unestablished-institution', severity: 'warning', location,
        message: `${quoted(`the ${use.name}`)} is referred to${inPlace(location)} but no article establishes it${fix ? ` (library clause “${fix.clause}” does)` : ''}`,
        ...(fix ? { fix: { clause: fix.clause, variant: fix.variant, place: 'body' as const } } : {}),
      })
    }
    return findings
  },
}
