import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { confinePath, PathRefusedError } from '../../../src/boundary/package-paths.js'

let top: string
let workspace: string
let outside: string

beforeAll(async () => {
  top = await realpath(await mkdtemp(path.join(tmpdir(), 'confine-')))
  workspace = path.join(top, 'workspace')
  outside = path.join(top, 'outside')
  await mkdir(path.join(workspace, 'build'), { recursive: true })
  await mkdir(outside)
  await writeFile(path.join(workspace, 'build', 'app.zip'), 'zip')
  await writeFile(path.join(outside, 'secret.zip'), 'zip')
  await symlink(path.join(outside, 'secret.zip'), path.join(workspace, 'build', 'link-out.zip'))
  await symlink(path.join(workspace, 'build', 'app.zip'), path.join(workspace, 'link-in.zip'))
  await symlink(outside, path.join(workspace, 'dir-out'))
})

afterAll(async () => {
  await rm(top, { recursive: true, force: true })
})

const confine = (file: string, base = workspace) =>
  confinePath(file, { base, root: workspace, what: `Plan p: package ${file}` })

describe('confinePath', () => {
  it('returns the real path of a file inside the workspace, through symlinks that stay inside', () => {
    expect(confine('build/app.zip')).toBe(path.join(workspace, 'build', 'app.zip'))
    expect(confine('link-in.zip')).toBe(path.join(workspace, 'build', 'app.zip'))
  })

  it('returns a missing file inside the workspace as resolved, for its reader to report', () => {
    expect(confine('build/missing.zip')).toBe(path.join(workspace, 'build', 'missing.zip'))
  })

  it.each([
    ['../outside/secret.zip'],
    ['build/../../outside/secret.zip'],
    ['/etc/passwd'],
    ['build/link-out.zip'],
    ['dir-out/secret.zip'],
    ['../outside/missing.zip'],
    ['dir-out/missing.zip']
  ])('refuses %s, naming it and the workspace', (file) => {
    expect(() => confine(file)).toThrow(PathRefusedError)
    expect(() => confine(file)).toThrow(`Plan p: package ${file} resolves to `)
    expect(() => confine(file)).toThrow(`outside ${workspace}`)
  })

  it('says a folder is a folder, not a bare EISDIR', () => {
    expect(() => confine('build')).toThrow(/Plan p: package build is a folder .*name the file/)
  })
})
