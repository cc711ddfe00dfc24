// Builds the welcome page into the server's class path; run by Maven (exec-maven-plugin, generate-resources) with the
// system's node:  node build.mjs <output directory> <stamp file>
//
// 1. `npm ci` when node_modules does not match package-lock.json (the registry is needed only then);
// 2. esbuild bundles src/welcome.js (Uppy, @uppy/tus and their CSS) into welcome-<hash>.js / .css, minified;
// 3. the licenses of every npm package in the bundle go to welcome-licenses-<hash>.txt (the page links to it);
// 4. index.html gets the hashed names; assets.txt lists every file the server serves besides index.html.
// Nothing is redone when the inputs (sources, lock file, this script) are unchanged since the last build.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const [outArg, stampArg] = process.argv.slice(2)
if (!outArg || !stampArg) {
  console.error('usage: node build.mjs <output directory> <stamp file>')
  process.exit(2)
}
const out = resolve(outArg)
const stamp = resolve(stampArg)

function digest (files) {
  const hash = createHash('sha256')
  for (const file of files) {
    hash.update(file).update('\0').update(readFileSync(join(here, file))).update('\0')
  }
  return hash.digest('hex')
}

function sources () {
  return ['build.mjs', 'package.json', 'package-lock.json',
    ...readdirSync(join(here, 'src')).sort().map((name) => join('src', name))]
}

// 1. dependencies
const lockHash = digest(['package-lock.json'])
const installed = join(here, 'node_modules', '.installed-lock-sha256')
if (!existsSync(installed) || readFileSync(installed, 'utf8') !== lockHash) {
  console.log('[welcome] npm ci')
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'],
    { cwd: here, stdio: 'inherit', shell: process.platform === 'win32' })
  if (npm.status !== 0) {
    console.error(`[welcome] npm ci failed (${npm.error ?? 'exit ' + npm.status})`)
    process.exit(1)
  }
  writeFileSync(installed, lockHash)
}

// 2. up to date?
const inputHash = digest(sources())
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === inputHash && existsSync(join(out, 'index.html'))) {
  console.log('[welcome] up to date')
  process.exit(0)
}

const esbuild = await import('esbuild')
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { welcome: 'src/welcome.js' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  outdir: out,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.svg': 'file', '.png': 'file', '.woff': 'file', '.woff2': 'file' },
  legalComments: 'none', // collected, with each package's license file, into welcome-licenses-<hash>.txt
  metafile: true,
  logLevel: 'warning',
})

// 3. licenses of the bundled packages
const packages = new Set()
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//)
  if (match) packages.add(match[1])
}
const notices = [...packages].sort().map((dir) => {
  const meta = JSON.parse(readFileSync(join(here, dir, 'package.json'), 'utf8'))
  const file = readdirSync(join(here, dir)).find((name) => /^(licen[sc]e|copying)/i.test(name))
  const text = file ? readFileSync(join(here, dir, file), 'utf8').trim()
    : `(no license file in the package; package.json says: ${meta.license ?? 'nothing'})`
  return `${meta.name} ${meta.version} (${meta.license ?? 'unknown'})\n${meta.homepage ?? ''}\n\n${text}\n`
})
const licenseText = 'The welcome page bundles these npm packages:\n\n' + notices.join('\n' + '-'.repeat(78) + '\n\n')
const licenses = `welcome-licenses-${createHash('sha256').update(licenseText).digest('hex').slice(0, 8)}.txt`
writeFileSync(join(out, licenses), licenseText)

// 4. page and asset list
const assets = [...Object.keys(result.metafile.outputs).map((file) => basename(file)), licenses].sort()
const script = assets.find((name) => name.endsWith('.js'))
const style = assets.find((name) => name.endsWith('.css'))
if (!script || !style) {
  console.error(`[welcome] expected one .js and one .css output, got ${assets.join(', ')}`)
  process.exit(1)
}
const page = readFileSync(join(here, 'src', 'index.html'), 'utf8')
  .replace('@SCRIPT@', script)
  .replace('@STYLE@', style)
  .replace('@LICENSES@', licenses)
writeFileSync(join(out, 'index.html'), page)
writeFileSync(join(out, 'assets.txt'), assets.join('\n') + '\n')
mkdirSync(dirname(stamp), { recursive: true })
writeFileSync(stamp, inputHash)
for (const name of assets) {
  console.log(`[welcome] ${name} ${readFileSync(join(out, name)).length} bytes`)
}
