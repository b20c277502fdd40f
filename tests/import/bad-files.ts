// Files an import must refuse, each with the words its refusal must name.
import { zipSync, strToU8 } from 'fflate'

/** A .docx-shaped package holding `parts` (name → text). */
export const docxOf = (parts: Record<string, string>): Uint8Array =>
  zipSync(Object.fromEntries(Object.entries(parts).map(([name, text]) => [name, strToU8(text)])))

/** A zip bomb: one entry of `bytes` zeros, a few kilobytes compressed. */
export const zipBomb = (bytes: number): Uint8Array => zipSync({ 'word/document.xml': [new Uint8Array(bytes), { level: 9 }] })

/** A package listing `count` tiny entries. */
export const manyEntries = (count: number): Uint8Array =>
  zipSync(Object.fromEntries(Array.from({ length: count }, (_, i) => [`word/media/${i}.txt`, strToU8('x')])))

/** Bytes that are no file format at all (with a NUL, as random data has). */
export function randomBytes(length: number, seed = 7): Uint8Array {
  const out = new Uint8Array(length)
  let x = seed
  for (let i = 0; i < length; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; out[i] = x >> 16 }
  out[10] = 0
  return out
}

const te = (s: string) => new TextEncoder().encode(s)

/** The start of a real PDF. */
export const PDF = te('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

/** XML that asks for a file of the server's through an external entity. */
export const XXE = '<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><bill><body><article><content><p>&xxe;</p></content></article></body></bill></akomaNtoso>'

/** The "billion laughs": entities that expand to gigabytes. */
export const LAUGHS = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n<akomaNtoso>&lol3;</akomaNtoso>'

/** A DOCTYPE with no entities. */
export const DOCTYPE_ONLY = '<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso SYSTEM "http://example.org/akn.dtd">\n<akomaNtoso/>'

/** XML whose elements do not close. */
export const MALFORMED = '<?xml version="1.0"?>\n<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><bill><body><article></body></bill>'

/** Well-formed XML that is not Akoma Ntoso. */
export const NOT_AKN = '<?xml version="1.0"?>\n<html><body><p>Article 1</p></body></html>'

/** A Word document whose XML declares an external entity. */
export const DOCX_XXE = docxOf({ 'word/document.xml': '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>' })

/** Every file to refuse: its name, bytes and a piece of the message. */
export function badFiles(): Array<{ what: string; filename: string; format?: string; bytes: Uint8Array; status: number; message: RegExp }> {
  return [
    { what: 'a PDF renamed .docx', filename: 'treaty.docx', bytes: PDF, status: 400, message: /not a Word document.*a PDF/ },
    { what: 'random bytes as .docx', filename: 'treaty.docx', bytes: randomBytes(4096), status: 400, message: /not a Word document/ },
    { what: 'random bytes as .md', filename: 'treaty.md', bytes: randomBytes(4096), status: 400, message: /binary data, not a text file/ },
    { what: 'a PDF renamed .txt', filename: 'treaty.txt', bytes: PDF, status: 400, message: /is a PDF, not a text file/ },
    { what: 'a zip bomb', filename: 'bomb.docx', bytes: zipBomb(80 * 1024 * 1024), status: 400, message: /would inflate to more than 64 MB; it is refused unopened/ },
    { what: 'a package of too many entries', filename: 'many.docx', bytes: manyEntries(2100), status: 400, message: /more than 2000 entries/ },
    { what: 'XML with an external entity', filename: 'xxe.xml', bytes: te(XXE), status: 400, message: /declares XML entities in a DOCTYPE/ },
    { what: 'the billion laughs', filename: 'lolz.akn', bytes: te(LAUGHS), status: 400, message: /declares XML entities in a DOCTYPE/ },
    { what: 'a DOCTYPE', filename: 'dtd.xml', bytes: te(DOCTYPE_ONLY), status: 400, message: /has a DOCTYPE declaration/ },
    { what: 'a Word document declaring an entity', filename: 'xxe.docx', bytes: DOCX_XXE, status: 400, message: /Word document part declares XML entities/ },
    { what: 'malformed XML', filename: 'broken.xml', bytes: te(MALFORMED), status: 400, message: /not well-formed XML/ },
    { what: 'XML that is not Akoma Ntoso', filename: 'page.xml', bytes: te(NOT_AKN), status: 400, message: /not Akoma Ntoso: its root element is <html>/ },
    { what: 'a ZIP package without a Word document', filename: 'other.docx', bytes: docxOf({ 'readme.txt': 'hello' }), status: 400, message: /no word\/document.xml/ },
    { what: 'an empty file', filename: 'empty.md', bytes: new Uint8Array(), status: 400, message: /the file is empty/ },
    { what: 'a file of blank lines', filename: 'blank.txt', bytes: te('\n\n   \n'), status: 400, message: /holds no text/ },
    { what: 'an unknown format name', filename: 'treaty.md', format: 'pdf', bytes: te('# T'), status: 415, message: /unknown import format "pdf"/ },
    { what: 'an unknown extension', filename: 'treaty.pdf', bytes: PDF, status: 415, message: /cannot tell the format of "treaty.pdf"/ },
  ]
}
