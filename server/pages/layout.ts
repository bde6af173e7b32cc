/**
 * The shell of the server's own pages (the start page and the demo): one stylesheet and, where a
 * page needs one, one script, both served from /assets, so the pages hold no inline style or script
 * and work under a strict Content-Security-Policy.
 */
export const esc = (s: string) =>
  s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')

export interface PageOptions {
  title: string
  body: string
  /** same-origin scripts, loaded deferred */
  scripts?: string[]
}

export function page({ title, body, scripts = [] }: PageOptions): string {
  const tags = scripts.map((src) => `<script src="${esc(src)}" defer></script>`).join('\n')
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/assets/site.css">
${tags}
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
}
