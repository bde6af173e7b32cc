// A sign-up route in Express, guarded by Huma.
//   HUMA_URL=http://localhost:8787 HUMA_API_KEY=huma_live_... PORT=3000 node examples/express/server.mjs
import express from 'express'
import Huma from 'huma/node'
import { blockedAnswer, checkHuman } from 'huma/guard'

const huma = new Huma(process.env.HUMA_API_KEY, { baseUrl: process.env.HUMA_URL })
const app = express()

/** Express middleware: only requests Huma calls human reach the route; the check is on res.locals.huma. */
function humanOnly(action) {
  return async (req, res, next) => {
    const check = await checkHuman(huma, {
      userId: req.body?.email,
      signals: req.body?.huma_signals,
      action,
    })
    res.locals.huma = check
    if (check.allowed) return next()
    const { status, headers, body } = blockedAnswer(check)
    res.status(status).set(headers).json(body)
  }
}

app.post('/signup', express.urlencoded({ extended: false }), humanOnly('signup'), (req, res) => {
  // a person: create the account here
  res.json({ welcome: req.body.email })
})

const port = Number(process.env.PORT ?? 3000)
app.listen(port, () => console.log(`sign-up on http://localhost:${port}/signup`))
