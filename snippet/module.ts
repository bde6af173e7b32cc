/**
 * The ES module build (dist/huma.mjs) for bundlers: nothing runs on import. Call
 * `install(window, document, navigator, config?)` once (config: see `Config`); it returns the API (or null if `window.Huma` exists).
 */
export { FIELD, install, type Config, type Huma } from './main.ts'
