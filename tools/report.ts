/** Human-readable evaluation output: a table, an ROC plot (SVG) and a Markdown report in eval-report/. */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Scored, Summary } from './metrics.ts'
import { bySpan, rocPoints } from './metrics.ts'

const pct = (v: number | null) => (v === null ? '   -  ' : `${(v * 100).toFixed(1).padStart(5)}%`)

export function spanTable(scored: Scored[]): string {
  const lines = [`${'activity'.padEnd(12)} ${'n'.padStart(6)}  AUC     people passed  bots blocked`]
  for (const [name, o] of bySpan(scored)) {
    lines.push(
      `${name.padEnd(12)} ${String(o.n).padStart(6)}  ${String(o.auc ?? '-').padEnd(6)}  ${pct(o.human_pass_rate)}         ${pct(o.bot_block_rate)}`,
    )
  }
  return lines.join('\n')
}

export function table(summary: Summary): string {
  const o = summary.overall
  const lines = [
    `records ${o.n} (people ${o.humans}, bots ${o.bots})   AUC ${o.auc ?? '-'}   people passed ${pct(o.human_pass_rate)}   ` +
      `bots blocked ${pct(o.bot_block_rate)}   bots blocked at 1% false-positive rate ${pct(o.bot_block_rate_at_1pct_fpr)}`,
    '',
    `${'group'.padEnd(44)} ${'n'.padStart(6)}  passed  median confidence  no evidence`,
  ]
  for (const [g, s] of Object.entries(summary.groups)) {
    lines.push(
      `${g.padEnd(44)} ${String(s.n).padStart(6)}  ${pct(s.pass_rate)}  ${s.median_confidence.toFixed(3)}             ${pct(s.no_evidence)}`,
    )
  }
  return lines.join('\n')
}

export function rocSvg(scored: Scored[]): string {
  const size = 400
  const pad = 40
  const pts = rocPoints(scored)
    .map(([fp, tp]) => `${(pad + fp * size).toFixed(1)},${(pad + (1 - tp) * size).toFixed(1)}`)
    .join(' ')
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size + 2 * pad}" height="${size + 2 * pad}" font-family="sans-serif" font-size="12">
<rect x="${pad}" y="${pad}" width="${size}" height="${size}" fill="none" stroke="#999"/>
<line x1="${pad}" y1="${pad + size}" x2="${pad + size}" y2="${pad}" stroke="#ccc" stroke-dasharray="4"/>
<polyline points="${pts}" fill="none" stroke="#c33" stroke-width="2"/>
<text x="${pad + size / 2}" y="${size + pad + 30}" text-anchor="middle">bots passed (false-positive rate)</text>
<text x="12" y="${pad + size / 2}" transform="rotate(-90 12 ${pad + size / 2})" text-anchor="middle">people passed</text>
</svg>
`
}

export function writeReport(dir: string, summary: Summary, scored: Scored[], command: string): void {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'roc.svg'), rocSvg(scored))
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n')
  writeFileSync(
    join(dir, 'report.md'),
    `# Evaluation\n\n\`${command}\`\n\n\`\`\`\n${table(summary)}\n\n${spanTable(scored)}\n\`\`\`\n\n![ROC](roc.svg)\n`,
  )
}
