#!/usr/bin/env node
// Generate src/api/schema.d.ts from ../docs/openapi.json (written by the backend) with the
// pinned openapi-typescript.
//
//   npm run gen:api              regenerate src/api/schema.d.ts
//   npm run gen:api -- --check   regenerate to a temporary file and compare: exit 1 when the
//                                committed file differs from what the schema gives (part of
//                                `npm run typecheck`, as `npm run check:api`)
//
// Without the schema file (e.g. a frontend-only Docker build) both do nothing and exit 0: the
// committed schema.d.ts is used as is.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const input = resolve(root, process.env.OPENAPI_SCHEMA ?? '../docs/openapi.json')
const output = resolve(root, 'src/api/schema.d.ts')
const check = process.argv.slice(2).includes('--check')
const bin = resolve(root, 'node_modules/.bin/openapi-typescript')

if (!existsSync(input)) {
  console.log(`gen:api: ${input} not found; ${check ? 'nothing to check' : 'nothing generated'}.`)
  process.exit(0)
}

function generate(target, quiet) {
  const result = spawnSync(bin, [input, '--output', target], { stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8' })
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`)
    console.error(`gen:api: openapi-typescript failed on ${input} (exit ${result.status ?? result.signal}).`)
    process.exit(result.status || 1)
  }
}

if (!check) {
  generate(output, false)
  process.exit(0)
}

const dir = mkdtempSync(join(tmpdir(), 'esap-gen-api-'))
try {
  const fresh = join(dir, 'schema.d.ts')
  generate(fresh, true)
  const current = existsSync(output) ? readFileSync(output, 'utf8') : null
  const expected = readFileSync(fresh, 'utf8')
  const where = relative(process.cwd(), output) || output
  const schema = relative(process.cwd(), input) || input
  if (current === expected) {
    console.log(`check:api: ${where} is up to date with ${schema}.`)
  } else {
    const firstDiff = current === null ? null : firstDifferentLine(current, expected)
    console.error(
      [
        '',
        `check:api: ${where} is ${current === null ? 'missing' : 'OUT OF DATE'} — it does not match ${schema}.`,
        firstDiff ? `  first difference at line ${firstDiff.line}:\n    committed: ${firstDiff.a}\n    expected:  ${firstDiff.b}` : '',
        '  The backend API changed (or the file was edited by hand): run `npm run gen:api`, commit the result,\n  then fix what `npm run typecheck` reports.',
        '',
      ]
        .filter(Boolean)
        .join('\n'),
    )
    process.exitCode = 1
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

function firstDifferentLine(a, b) {
  const la = a.split('\n')
  const lb = b.split('\n')
  for (let i = 0; i < Math.max(la.length, lb.length); i += 1) {
    if (la[i] !== lb[i]) return { line: i + 1, a: (la[i] ?? '<end of file>').trim(), b: (lb[i] ?? '<end of file>').trim() }
  }
  return null
}
