/** The browser entry of dist/huma.js: installs the snippet with the page's real globals. */
import { install } from './main.ts'

install(window, document, navigator, (document.currentScript as HTMLScriptElement | null)?.src)
