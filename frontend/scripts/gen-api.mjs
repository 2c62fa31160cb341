#!/usr/bin/env node
// Generate src/api/schema.d.ts from ../docs/openapi.json (written by the backend) with the
// pinned openapi-typescript. Does nothing (exit 0) when the schema file does not exist yet.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const input = resolve(root, process.env.OPENAPI_SCHEMA ?? '../docs/openapi.json')
const output = resolve(root, 'src/api/schema.d.ts')

if (!existsSync(input)) {
  console.log(`gen:api: ${input} not found; nothing generated.`)
  process.exit(0)
}
const bin = resolve(root, 'node_modules/.bin/openapi-typescript')
const result = spawnSync(bin, [input, '--output', output], { stdio: 'inherit' })
process.exit(result.status ?? 1)
