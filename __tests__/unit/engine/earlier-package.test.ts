import { describe, expect, it } from '@jest/globals'
import type { AzurePackage } from '../../../src/partner-center/types.js'
import { findEarlierPackage } from '../../../src/engine/read/plan-packages.js'

const pkg = (id: string, fileName: string, state: string): AzurePackage => ({
  resourceType: 'AzureApplicationPackage',
  id,
  fileName,
  state
})

describe('findEarlierPackage', () => {
  const name = 'app-1.2.3-0123456789ab.zip'

  it('takes the package of that name with the least work left', () => {
    const packages = [
      pkg('1', name, 'PendingUpload'),
      pkg('2', name, 'inprocessing'),
      pkg('3', name, 'Processed'),
      pkg('4', 'other.zip', 'Processed')
    ]
    expect(findEarlierPackage(packages, name)?.id).toBe('3')
    expect(findEarlierPackage(packages.slice(0, 2), name)?.id).toBe('2')
  })

  it('leaves alone a package that failed processing, or is in a state it does not know', () => {
    const packages = [pkg('1', name, 'ProcessFailed'), pkg('2', name, 'Quarantined')]
    expect(findEarlierPackage(packages, name)).toBeUndefined()
  })

  it('matches the file name exactly: another version or content is another package', () => {
    expect(findEarlierPackage([pkg('1', name.toUpperCase(), 'Processed')], name)).toBeUndefined()
  })
})
