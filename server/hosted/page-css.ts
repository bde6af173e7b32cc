/** The check page's stylesheet, served at /hosted/check.css. */

export const CHECK_CSS = `:root{--accent:#1f5fbf;--on-accent:#fff}
*,*::before,*::after{box-sizing:border-box}
body{font:17px/1.5 system-ui,sans-serif;color:#1d2330;background:#f6f7f9;margin:0}
.check{max-width:44rem;margin:0 auto;padding:1.2rem 1rem 3rem;display:grid;gap:0 2rem}
.brand{display:flex;align-items:center;gap:.6rem;font-weight:600;margin-bottom:.5rem}
.brand .logo{max-height:2.2rem;max-width:8rem}
h1{font-size:1.6rem;line-height:1.2;margin:.3rem 0 .6rem}
h2{font-size:1.05rem;margin:0 0 .3rem}
.lede{margin:0 0 1rem;color:#3b4356}
.hint{color:#5b6478;font-size:.92rem;margin:.2rem 0 .6rem}
.steps{list-style:none;padding:0;margin:0;display:grid;gap:1rem}
.steps>li{background:#fff;border:1px solid #dde1e8;border-radius:10px;padding:1rem}
.steps>li.done{border-color:#23824c}
.steps>li.done h2::after{content:" \\2713";color:#23824c}
.arena{position:relative;height:11rem;border:1px dashed #b9bfcc;border-radius:8px;overflow:hidden;background:#fbfbfd}
.target{position:absolute;left:10%;top:20%;min-width:7.5rem;min-height:2.9rem;padding:.5rem .9rem;font:inherit;font-weight:600;
  border-radius:999px;border:2px solid var(--accent);background:var(--accent);color:var(--on-accent);cursor:pointer;
  transition:left .35s ease,top .35s ease}
.target:disabled{opacity:.5;cursor:default}
input{width:100%;padding:.65rem;font:inherit;border:1px solid #9aa1b0;border-radius:6px}
button:focus-visible,input:focus-visible{outline:3px solid #111;outline-offset:2px}
.finish{padding:.75rem 1.6rem;font:inherit;font-weight:600;border-radius:8px;border:2px solid var(--accent);
  background:var(--accent);color:var(--on-accent);cursor:pointer;width:100%}
.status{min-height:1.5rem;margin:1rem 0;font-weight:600}
.status.problem,.problem{color:#9a1f19}
.handoff{display:none}
.qr{width:10rem;height:10rem}
@media (min-width:56rem){
  .check{max-width:62rem;grid-template-columns:1fr 13rem;align-items:start}
  .check>*{grid-column:1}
  .handoff{display:block;grid-column:2;grid-row:1 / span 6;background:#fff;border:1px solid #dde1e8;border-radius:10px;
    padding:1rem;font-size:.9rem;color:#3b4356;position:sticky;top:1rem}
  .handoff .qr{width:100%;height:auto;aspect-ratio:1/1;display:block}
}
@media (prefers-reduced-motion:reduce){.target{transition:none}}
`
