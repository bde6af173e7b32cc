/**
 * GET /docs: the OpenAPI document rendered as one self-contained HTML page (no scripts, no CDN), by
 * reading the document itself, so the page can never disagree with /openapi.json.
 */
interface Schema {
  $ref?: string
  type?: string | string[]
  description?: string
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  enum?: unknown[]
  const?: unknown
  pattern?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
}
interface Media {
  schema?: Schema
  example?: unknown
  examples?: Record<string, { value: unknown }>
}
interface Operation {
  operationId: string
  tags: string[]
  summary: string
  description: string
  security: unknown[]
  requestBody?: { content: Record<string, Media> }
  responses: Record<
    string,
    { description: string; headers?: Record<string, unknown>; content?: Record<string, Media> }
  >
}
export interface RenderableDocument {
  info: { title: string; version: string; description: string }
  servers: { url: string }[]
  tags: { name: string }[]
  paths: Record<string, Record<string, Operation>>
  components: { schemas: Record<string, Schema>; headers: Record<string, { description: string }> }
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
/** Escapes, then turns `code` spans into <code>. */
const prose = (s: string) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>')
const json = (value: unknown) => `<pre>${esc(JSON.stringify(value, null, 2))}</pre>`
const refName = (ref: string) => ref.split('/').pop() ?? ref

function typeOf(s: Schema): string {
  if (s.$ref) return `<a href="#schema-${esc(refName(s.$ref))}">${esc(refName(s.$ref))}</a>`
  if (s.const !== undefined) return `<code>${esc(JSON.stringify(s.const))}</code>`
  if (s.enum) return `one of ${s.enum.map((v) => `<code>${esc(String(v))}</code>`).join(', ')}`
  if (s.type === 'array' && s.items) return `array of ${typeOf(s.items)}`
  return esc([s.type ?? 'any'].flat().join(' | '))
}

function limits(s: Schema): string {
  const parts: string[] = []
  if (s.minLength !== undefined || s.maxLength !== undefined)
    parts.push(`${s.minLength ?? 0}–${s.maxLength ?? '∞'} chars`)
  if (s.minimum !== undefined || s.maximum !== undefined)
    parts.push(`${s.minimum ?? '−∞'} to ${s.maximum ?? '∞'}`)
  if (s.pattern) parts.push(`matches <code>${esc(s.pattern)}</code>`)
  return parts.join('; ')
}

function fieldRows(s: Schema, prefix = ''): string {
  return Object.entries(s.properties ?? {})
    .map(([name, field]) => {
      const row =
        `<tr><td><code>${esc(prefix + name)}</code></td><td>${typeOf(field)}</td>` +
        `<td>${s.required?.includes(name) ? 'yes' : 'no'}</td>` +
        `<td>${prose(field.description ?? '')}${limits(field) ? ` <span class="muted">(${limits(field)})</span>` : ''}</td></tr>`
      return row + (field.properties ? fieldRows(field, `${prefix}${name}.`) : '')
    })
    .join('\n')
}

const fields = (s: Schema) =>
  `<table><tr><th>field</th><th>type</th><th>required</th><th>meaning</th></tr>${fieldRows(s)}</table>`

function mediaBlock(type: string, media: Media, schemas: Record<string, Schema>): string {
  const target = media.schema?.$ref ? schemas[refName(media.schema.$ref)] : media.schema
  let out = `<p class="muted"><code>${esc(type)}</code>${media.schema ? ` · ${typeOf(media.schema)}` : ''}</p>`
  if (target?.properties && refName(media.schema?.$ref ?? '') !== 'Error') out += fields(target)
  if (media.example !== undefined) out += json(media.example)
  for (const [name, example] of Object.entries(media.examples ?? {}))
    out += `<p class="muted">${esc(name)}</p>${json(example.value)}`
  return out
}

function operation(path: string, method: string, op: Operation, doc: RenderableDocument): string {
  const schemas = doc.components.schemas
  const request = Object.entries(op.requestBody?.content ?? {})
    .map(([type, media]) => `<h4>Request body</h4>${mediaBlock(type, media, schemas)}`)
    .join('')
  const responses = Object.entries(op.responses)
    .map(([status, res]) => {
      const headers = Object.keys(res.headers ?? {})
      return (
        `<div class="response"><h4><span class="status s${esc(status[0] ?? '')}">${esc(status)}</span> ${prose(res.description)}</h4>` +
        (headers.length
          ? `<p class="muted">headers: ${headers.map((h) => `<a href="#header-${esc(h)}"><code>${esc(h)}</code></a>`).join(', ')}</p>`
          : '') +
        Object.entries(res.content ?? {})
          .map(([type, media]) => mediaBlock(type, media, schemas))
          .join('') +
        '</div>'
      )
    })
    .join('\n')
  const auth = !op.security.length
    ? 'no authentication'
    : op.security.some((s) => 'apiKeyHeader' in (s as object))
      ? 'API key: <code>API-KEY: huma_live_…</code> or <code>Authorization: Bearer huma_live_…</code>'
      : 'API key: <code>Authorization: Bearer huma_live_…</code>'
  return `<section id="${esc(op.operationId)}">
<h3><span class="method">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p><strong>${prose(op.summary)}.</strong> ${prose(op.description)}</p>
<p class="muted">${auth}</p>
${request}
${responses}
</section>`
}

const STYLE = `body{font:15px/1.55 system-ui,sans-serif;color:#1d2330;margin:0;display:flex}
nav{width:17rem;flex:none;height:100vh;overflow:auto;position:sticky;top:0;background:#f5f6f9;padding:1rem;box-sizing:border-box}
nav a{display:block;color:#1d2330;text-decoration:none;padding:.1rem 0;overflow-wrap:anywhere}nav h2{font-size:.8rem;text-transform:uppercase;color:#5b6478;margin:1rem 0 .3rem}
main{max-width:60rem;padding:1rem 2rem 4rem}section{border-top:1px solid #dde1e8;padding-top:.5rem;margin-top:2rem}
.method{background:#1d2330;color:#fff;border-radius:3px;padding:0 .4rem;font-size:.85rem}
.status{border-radius:3px;padding:0 .4rem;color:#fff;background:#7a8294}.s2{background:#23824c}.s4{background:#b5651d}.s5{background:#b3261e}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #dde1e8;padding:.25rem .5rem;text-align:left;vertical-align:top}
pre{background:#f3f4f7;padding:.6rem;overflow:auto;white-space:pre-wrap;word-break:break-all}.muted{color:#5b6478}code{font-size:.92em}h3 code{overflow-wrap:anywhere}
.response{margin-left:1rem}
@media (max-width:48rem){body{display:block}
nav{width:auto;height:auto;position:static;padding:.8rem 1rem;border-bottom:1px solid #dde1e8}
nav a{display:inline-block;margin:0 .9rem .2rem 0}nav h2{margin:.6rem 0 .1rem}
main{padding:.5rem 1rem 3rem}.response{margin-left:0}table{font-size:.9rem;display:block;overflow-x:auto}}`

export function renderDocsPage(doc: RenderableDocument): string {
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op })),
  )
  const nav = doc.tags
    .map(({ name }) => {
      const links = ops
        .filter(({ op }) => op.tags.includes(name))
        .map(
          ({ path, method, op }) =>
            `<a href="#${esc(op.operationId)}">${esc(method.toUpperCase())} ${esc(path)}</a>`,
        )
      return `<h2>${esc(name)}</h2>${links.join('')}`
    })
    .join('')
  const headers = Object.entries(doc.components.headers)
    .map(
      ([name, h]) =>
        `<tr id="header-${esc(name)}"><td><code>${esc(name)}</code></td><td>${prose(h.description)}</td></tr>`,
    )
    .join('')
  const schemas = Object.entries(doc.components.schemas)
    .map(
      ([name, s]) =>
        `<h3 id="schema-${esc(name)}">${esc(name)}</h3>${s.properties ? fields(s) : `<p>${typeOf(s)}</p>`}`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.info.title)} reference</title><style>${STYLE}</style></head>
<body><nav><strong>${esc(doc.info.title)}</strong> <span class="muted">v${esc(doc.info.version)}</span>${nav}
<h2>On this page</h2><a href="#headers">Headers</a><a href="#schemas">Schemas</a><a href="/openapi.json">openapi.json</a></nav>
<main><h1>${esc(doc.info.title)}</h1><p>${prose(doc.info.description)}</p>
<p class="muted">Server: ${doc.servers.map((s) => `<code>${esc(s.url)}</code>`).join(', ')}. Errors are
<code>{"error": CODE, "message": "..."}</code>. Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
${ops.map(({ path, method, op }) => operation(path, method, op, doc)).join('\n')}
<section id="headers"><h2>Headers</h2><table><tr><th>header</th><th>meaning</th></tr>${headers}</table></section>
<section id="schemas"><h2>Schemas</h2>${schemas}</section>
</main></body></html>
`
}
