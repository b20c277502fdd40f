// The style sheet inlined into every HTML export: a treaty page on screen, and clean pages in print.

/** CSS of the exported file (a constant: nothing from the document ever reaches it). */
export const HTML_EXPORT_CSS = `
:root { color-scheme: light; }
html { font: 12pt/1.5 "Times New Roman", Times, Georgia, serif; color: #111; background: #fff; }
body { max-width: 44em; margin: 2em auto; padding: 0 1.5em; }
.export-meta { font: 9pt/1.4 system-ui, sans-serif; color: #666; border-bottom: 1px solid #ddd; padding-bottom: .4em; margin-bottom: 2em; }
.treaty-title { font-size: 1.5em; text-align: center; margin: 0 0 1.5em; }
h2, h3, h4, h5, h6 { font-size: 1em; text-align: center; margin: 1.6em 0 .8em; break-after: avoid; page-break-after: avoid; }
.heading .num, .heading .heading-text { display: block; }
.division > .heading { font-size: 1.1em; text-transform: none; }
.part-heading .num, .annex-heading .num { text-transform: uppercase; letter-spacing: .05em; }
.article-heading .heading-text { font-style: italic; font-weight: normal; }
.preamble { margin-bottom: 1.5em; }
.recital { margin: .6em 0; text-indent: 2em; }
.recital:first-child, .recital:last-child { text-indent: 0; }
p { margin: .4em 0; }
.unit { display: grid; grid-template-columns: 2.5em 1fr; column-gap: .25em; margin: .4em 0; }
.unit.unnumbered { display: block; }
.unit > .num { grid-column: 1; }
.unit > .unit-body { grid-column: 2; min-width: 0; }
.unit > .unit-body > p:first-child { margin-top: 0; }
.conclusion { margin-top: 2.5em; }
.signature { display: inline-block; vertical-align: top; min-width: 14em; margin: 2em 2em 0 0; padding-top: 2.5em; border-top: 1px solid #999; }
.signature p { margin: .1em 0; }
.annex { margin-top: 3em; break-before: page; page-break-before: always; }
.parameter-blank { background: #fff3c4; border-bottom: 1px dashed #a07900; padding: 0 .15em; }
.xref { color: inherit; text-decoration: underline dotted; }
.xref-broken { color: #a00; text-decoration: underline wavy #a00; }
.footnote-ref { line-height: 0; }
.footnote-ref a { text-decoration: none; }
.footnotes { margin-top: 2.5em; border-top: 1px solid #999; font-size: 0.9em; }
.footnote-back { text-decoration: none; }
.term-defining { font-style: normal; font-weight: bold; }
.term-defining::before { content: '“'; font-weight: normal; }
.term-defining::after { content: '”'; font-weight: normal; }
.drafting-note { font: 10pt/1.4 system-ui, sans-serif; background: #eef4ff; border-left: 3px solid #4a6fb5; padding: .4em .7em; margin: .6em 0; }
.drafting-note .note-label { font-weight: bold; text-transform: uppercase; font-size: .8em; letter-spacing: .05em; color: #4a6fb5; }
@page { margin: 2.5cm 2.2cm; }
@media print {
  html { font-size: 11pt; }
  body { max-width: none; margin: 0; padding: 0; }
  .export-meta { border: 0; }
  .xref { text-decoration: none; }
  .parameter-blank { background: none; }
  .drafting-note { background: none; border: 1px solid #888; break-inside: avoid; page-break-inside: avoid; }
  .signature { break-inside: avoid; page-break-inside: avoid; }
}
`

/** The comment threads' style, added only to an export with comments (the others stay as they were). */
export const HTML_COMMENTS_CSS = `
.comment-thread { font: 9.5pt/1.4 system-ui, sans-serif; background: #fffbea; border-left: 3px solid #d9a400; padding: .35em .7em; margin: .4em 0 .7em; break-inside: avoid; page-break-inside: avoid; }
.comment-thread.comment-resolved { background: #f6f6f6; border-left-color: #aaa; }
.comment-thread p { margin: .2em 0; }
.comment-quote { font-style: italic; color: #555; }
.comment-orphan { font-style: normal; font-weight: bold; }
.comment-author { font-weight: bold; }
.comment-date, .comment-edited, .comment-status { color: #666; }
.comment-reply { margin-left: 1.2em; border-top: 1px dotted #ccc; padding-top: .2em; }
.comment-deleted { color: #888; font-style: italic; }
.comment-suggestion { color: #5a3e00; }
`
