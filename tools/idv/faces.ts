/**
 * The test faces: crops of the face-match screenshot that @vladmandic/human ships in its `assets/`
 * folder, cut at run time and never committed. Its grid of extracted faces has one person (the
 * library's author, in many photos) along its first row, and other people on the rows below; the big
 * face at its top left is the first row's person again, larger. What this set can and cannot show is
 * in docs/idv.md.
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import sharp from 'sharp'

const require = createRequire(import.meta.url)
export const SCREENSHOT = join(
  dirname(dirname(require.resolve('@vladmandic/human'))),
  'assets',
  'screenshot-facematch.jpg',
)

/** The grid at the screenshot's 1920 px width: 18 columns of 106.7 px, rows of 112.5 px from y = 280. */
const CELL_W = 1920 / 18
const CELL_H = 112.5
const GRID_TOP = 280

/** Row 0: the same person throughout. Rows 2 to 5: other people (row 1 mixes, and is left out). */
export const SAME_PERSON_ROW = 0
export const OTHER_ROWS = [2, 3, 4, 5] as const
export const COLUMNS = 18

/** One grid cell as a JPEG, enlarged to `width` (the cells are about 107 px wide). */
export async function gridFace(row: number, col: number, width = 320): Promise<Buffer> {
  const left = Math.round(col * CELL_W)
  const top = Math.round(GRID_TOP + row * CELL_H)
  return sharp(SCREENSHOT)
    .extract({ left, top, width: Math.min(Math.floor(CELL_W), 1920 - left), height: Math.floor(CELL_H) - 2 })
    .resize({ width })
    .jpeg({ quality: 92 })
    .toBuffer()
}

/** The large "selected face" at the top left: the row-0 person, as an ID photo would show them. */
export async function idFace(): Promise<Buffer> {
  return sharp(SCREENSHOT)
    .extract({ left: 0, top: 0, width: 230, height: 270 })
    .jpeg({ quality: 92 })
    .toBuffer()
}

/** Several cells side by side: a picture with several faces. */
export async function crowd(cells: [row: number, col: number][]): Promise<Buffer> {
  const tiles = await Promise.all(cells.map(([r, c]) => gridFace(r, c, 240)))
  const height = Math.max(
    ...(await Promise.all(tiles.map(async (t) => (await sharp(t).metadata()).height ?? 0))),
  )
  return sharp({ create: { width: 240 * tiles.length, height, channels: 3, background: '#808080' } })
    .composite(tiles.map((input, i) => ({ input, left: i * 240, top: 0 })))
    .jpeg()
    .toBuffer()
}

/** A plain picture with no face. */
export async function noFace(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 300, channels: 3, background: '#6b8fb3' } })
    .jpeg()
    .toBuffer()
}
