// Whole-document templates: format, validation against a clause library, and building a treaty.
export { validateTemplate, templateReferenceErrors, clauseRefs } from './template.js'
export type { Template, TemplateResult, BodyItem, ArticleItem, DivisionItem, ClauseRef, TextItem, AnnexItem } from './template.js'
export { buildTemplate } from './build.js'
export type { BuiltTemplate } from './build.js'
