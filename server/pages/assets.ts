/** The pages' one stylesheet and the demo's one script, served at /assets/site.css and /assets/copy.js. */

export const SITE_CSS = `*,*::before,*::after{box-sizing:border-box}
body{font:16px/1.55 system-ui,sans-serif;color:#1d2330;background:#fff;margin:0}
main{max-width:46rem;margin:0 auto;padding:2rem 1rem 4rem}
h1{font-size:1.9rem;line-height:1.2;margin:.5rem 0 1rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
a{color:#1f5fbf}code{font-size:.92em;background:#f3f4f7;padding:0 .2em;border-radius:3px}
pre{background:#f3f4f7;padding:.8rem;overflow-x:auto;font-size:.85rem;line-height:1.45}
pre.wrap{white-space:pre-wrap;overflow-wrap:anywhere}
.note,.muted{color:#5b6478;font-size:.92rem}
.links{list-style:none;padding:0;display:grid;gap:.5rem;grid-template-columns:repeat(auto-fill,minmax(12rem,1fr))}
.links a{display:block;border:1px solid #dde1e8;border-radius:6px;padding:.6rem .8rem;text-decoration:none;color:inherit;height:100%}
.links a:hover{border-color:#1f5fbf}.links strong{display:block;color:#1f5fbf}
label{display:block;margin:1rem 0 .25rem;font-weight:600}
input{width:100%;padding:.5rem;font:inherit;border:1px solid #b9bfcc;border-radius:4px}
button{margin-top:1.5rem;padding:.6rem 1.4rem;font:inherit;cursor:pointer;border-radius:4px;border:1px solid #1f5fbf;background:#1f5fbf;color:#fff}
button.small{margin:0 0 0 .5rem;padding:.2rem .7rem;font-size:.9rem;background:#fff;color:#1f5fbf}
.verdict{border-radius:8px;padding:1rem 1.2rem;margin:1rem 0;border:2px solid}
.verdict h1{margin:0 0 .3rem}.verdict p{margin:0}
.verdict.human{border-color:#23824c;background:#eef8f1}.verdict.human h1{color:#1b6b3e}
.verdict.not_human{border-color:#b3261e;background:#fcefee}.verdict.not_human h1{color:#9a1f19}
.verdict.uncertain,.verdict.error{border-color:#b5651d;background:#fdf4ea}.verdict.uncertain h1,.verdict.error h1{color:#8a4a12}
.reasons{padding-left:1.2rem}.reasons li{margin:.4rem 0}
.token{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem}
.token code{overflow-wrap:anywhere}
details{margin-top:1.5rem}summary{cursor:pointer;color:#1f5fbf}
.admin main{max-width:64rem}
.admin-header{padding:.7rem 1rem;border-bottom:1px solid #dde1e8}
.admin-nav{display:flex;flex-wrap:wrap;align-items:center;justify-content:space-between;gap:.5rem;padding:.3rem 1rem;border-bottom:1px solid #dde1e8}
.admin-nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.2rem 1rem}
.admin-nav a{display:inline-block;padding:.5rem 0}.admin-nav a[aria-current=page]{font-weight:700;color:#1d2330}
.admin-nav button{margin:0}
.table-wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.95rem}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid #e6e8ee;vertical-align:top}
select{padding:.4rem;font:inherit;border:1px solid #b9bfcc;border-radius:4px;background:#fff;color:inherit}
form.inline{display:inline-flex;flex-wrap:wrap;align-items:center;gap:.3rem;margin:.15rem .3rem .15rem 0}
form.inline button.small{margin:0}
button.danger{border-color:#b3261e;color:#9a1f19}
label.check{font-weight:400}label.check input{width:auto;margin-right:.4rem}
fieldset{border:1px solid #dde1e8;border-radius:4px;margin:1rem 0 0;padding:.2rem .8rem .5rem;min-width:0}
legend{font-weight:600;padding:0 .3rem}fieldset label.check{margin:.35rem 0}details.access{margin:.3rem 0 0;flex:1 1 100%}details.access button.small{margin:.6rem 0 0}
.error{color:#9a1f19;font-weight:600}.saved{color:#1b6b3e;font-weight:600}
textarea{width:100%;padding:.5rem;font:inherit;border:1px solid #b9bfcc;border-radius:4px}
.created{border:2px solid #23824c;border-radius:8px;padding:.5rem 1rem;background:#eef8f1}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.chart{width:100%;max-width:40rem;height:auto}.chart .bar{fill:#1f5fbf}.chart .axis{stroke:#5b6478}
.chart text{font-size:13px;fill:#1d2330}
meter{width:8rem}
td time{white-space:nowrap}
.pager{display:flex;gap:1rem;align-items:center;margin:1rem 0}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:1rem 0}
.facts dt{font-weight:600}.facts dd{margin:0;overflow-wrap:anywhere}
h1 code{overflow-wrap:anywhere}
.compare{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:1rem;margin:1rem 0}
.compare figure{margin:0}.compare img{display:block;width:100%;height:auto;max-height:28rem;object-fit:contain;background:#f3f4f7;border-radius:6px}
.compare figcaption{font-weight:600;margin-top:.3rem}
form.decide{display:flex;flex-wrap:wrap;gap:.5rem 1rem}form.decide button{margin-top:.5rem}
button.danger:not(.small){background:#9a1f19;border-color:#9a1f19;color:#fff}
@media (max-width:40rem){table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
table.stack tr{display:block;border-bottom:2px solid #dde1e8;padding:.4rem 0}
table.stack td{display:flex;gap:.5rem;border:0;padding:.2rem 0;overflow-wrap:anywhere}
table.stack td::before{content:attr(data-label);font-weight:600;min-width:6.5rem;flex:none}
table.stack td[colspan]::before{content:none}table.stack td[data-label=Actions]{flex-wrap:wrap}}
`

/**
 * Copies a button's `data-copy` text. The clipboard API needs a secure context (https, localhost);
 * elsewhere the full text is selected in a field for the person to copy themselves.
 */
export const COPY_JS = `document.addEventListener('click', function (event) {
  var button = event.target instanceof Element ? event.target.closest('[data-copy]') : null
  if (!button) return
  var text = button.getAttribute('data-copy') || ''
  var label = button.textContent
  var done = function (message) {
    button.textContent = message
    setTimeout(function () { button.textContent = label }, 1500)
  }
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(text).then(function () { done('Copied') }, function () { done('Copy failed') })
    return
  }
  var field = document.createElement('input')
  field.value = text
  field.readOnly = true
  button.insertAdjacentElement('afterend', field)
  field.select()
  done('Selected: press Ctrl+C')
})
`
