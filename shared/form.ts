/**
 * The form the snippet fills: the field that carries the signals of a `data-huma` form. Zod-free, so
 * the snippet imports the value itself (not only its type) and the server reads the same name.
 */
export const SIGNALS_FIELD = 'huma_signals'
