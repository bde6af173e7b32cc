/**
 * The distinct features of one payload (fingerprint.ts), gathered in memory reused from call to call: a Set
 * per call cost more than the walk that fills it. An open-addressing table (0 marks a free slot: every
 * feature has bit 28 or 29 set) and the list of features in the order first found.
 */
const found = {
  table: new Int32Array(1024),
  list: new Int32Array(512),
  size: 0,
}

/** Starts a payload's features. */
export function clearFeatures(): void {
  if (found.size > 0) found.table.fill(0)
  found.size = 0
}

/** Adds a feature (a positive 31-bit integer) unless it is there. */
export function addFeature(feature: number): void {
  let { table } = found
  let mask = table.length - 1
  let i = (Math.imul(feature, 0x9e3779b1) >>> 0) & mask
  for (let slot = table[i]!; slot !== 0; slot = table[i]!) {
    if (slot === feature) return
    i = (i + 1) & mask
  }
  if (found.size === found.list.length) {
    const list = new Int32Array(found.list.length * 2)
    list.set(found.list)
    found.list = list
  }
  found.list[found.size++] = feature
  table[i] = feature
  if (found.size * 2 > table.length) {
    // kept at most half full: rehashed into one twice the size
    table = found.table = new Int32Array(table.length * 2)
    mask = table.length - 1
    for (let k = 0; k < found.size; k++) {
      const f = found.list[k]!
      let j = (Math.imul(f, 0x9e3779b1) >>> 0) & mask
      while (table[j] !== 0) j = (j + 1) & mask
      table[j] = f
    }
  }
}

/** The features since clearFeatures(), distinct: a view of the scratch, valid until it is cleared. */
export const foundFeatures = (): Int32Array => found.list.subarray(0, found.size)
