// One worker of benchmarks/peer_satori.py: Satori lays each poster out to SVG (text drawn as
// paths), resvg rasterises it and encodes the PNG. Reads one JSON document on stdin:
// {fonts: [{name, path, weight, lang?}], product: PNG data URL, jobs: [{width, height,
// locale, copy}]}; loads the fonts once, then writes a line to stdout per poster made.
// `node render.mjs DIR` also saves the PNGs in DIR (to look at them); otherwise they are
// encoded and dropped, as the Chromium peer drops its screenshots.
import { readFileSync, writeFileSync } from 'node:fs'
import { Resvg } from '@resvg/resvg-js'
import satori from 'satori'

const input = JSON.parse(readFileSync(0, 'utf8'))
// One array for every poster: Satori keeps its parsed fonts per array.
const fonts = input.fonts.map(({ path, ...font }) => ({ ...font, data: readFileSync(path) }))
const product = Buffer.from(input.product.split(',')[1], 'base64')
const [productWidth, productHeight] = [product.readUInt32BE(16), product.readUInt32BE(20)]
const CJK = { ja: 'Noto Sans JP', zh: 'Noto Sans SC' }
const save = process.argv[2]

const div = (style, text) => ({ type: 'div', props: { style, children: text } })

// The Chromium peer's HTML template, as Satori elements with the same styles.
function poster({ width, height, locale, copy }) {
  const family = `'Noto Sans', '${CJK[locale.slice(0, 2)] ?? CJK.ja}'`
  const imageWidth = Math.round(width * 0.45)
  return {
    type: 'div',
    props: {
      lang: locale,
      style: {
        display: 'flex', position: 'relative', overflow: 'hidden', width, height,
        backgroundImage: 'linear-gradient(160deg, #F4EFE6, #E7DCCB)',
        fontFamily: family, color: '#1A1D2E',
      },
      children: [
        div({ position: 'absolute', left: 76, top: 140, width: '60%', fontSize: 96,
              lineHeight: 1.05, fontWeight: 800 }, copy.headline ?? ''),
        div({ position: 'absolute', left: 76, top: Math.floor(height / 2), width: '50%',
              fontSize: 40, fontWeight: 400 }, copy.subhead ?? ''),
        div({ position: 'absolute', left: 76, bottom: 120, padding: '18px 36px',
              borderRadius: 14, background: '#F2A93B', fontSize: 36, fontWeight: 700 },
            copy.cta ?? ''),
        {
          type: 'img',
          props: {
            src: input.product,
            width: imageWidth,
            height: Math.round((imageWidth * productHeight) / productWidth),
            style: { position: 'absolute', right: 40, bottom: 60 },
          },
        },
      ],
    },
  }
}

for (const [index, job] of input.jobs.entries()) {
  const svg = await satori(poster(job), { width: job.width, height: job.height, fonts })
  const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng()
  if (save) writeFileSync(`${save}/${index}-${job.locale}-${job.width}x${job.height}.png`, png)
  process.stdout.write(`${index + 1}\n`)
}
