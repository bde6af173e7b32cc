/** The browser entry of dist/huma.js: installs the snippet with the page's real globals and its tag's data-*. */
import { install } from './main.ts'

const tag = document.currentScript as HTMLScriptElement | null
install(window, document, navigator, tag ? { ...tag.dataset, src: tag.src } : {})
