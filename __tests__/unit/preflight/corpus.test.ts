import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { preflightOf, type Json } from '../../support/preflight-fixtures.js'

/**
 * Small Azure Application packages of common shapes, written for these tests: a VM with a NIC
 * and a public IP, a storage account behind a private endpoint, and a managed application with a
 * user-assigned identity. Each runs clean; each seeded fault is found exactly once.
 */
const CORPUS = ['vm-public-ip', 'storage-private-endpoint', 'managed-app-identity'] as const
type Shape = (typeof CORPUS)[number]
/** The corpus's API versions were the current ones on this day. */
const CORPUS_DAY = new Date('2026-03-01T00:00:00Z')

function load(shape: Shape): { template: Json; ui: Json } {
  const read = (name: string): Json =>
    JSON.parse(
      readFileSync(
        new URL(`../../fixtures/preflight-corpus/${shape}/${name}`, import.meta.url),
        'utf8'
      )
    )
  return { template: read('mainTemplate.json'), ui: read('createUiDefinition.json') }
}

function run(shape: Shape, change: (template: Json, ui: Json) => void = () => {}) {
  const { template, ui } = load(shape)
  change(template, ui)
  return preflightOf(
    { 'mainTemplate.json': template, 'createUiDefinition.json': ui },
    [],
    CORPUS_DAY
  )
}

const FAULTS: { shape: Shape; rule: string; fault: string; seed: (t: Json, ui: Json) => void }[] = [
  {
    shape: 'vm-public-ip',
    rule: 'Secure String Parameters Cannot Have Default',
    fault: 'a default admin password',
    seed: (t) => {
      t.parameters.adminPassword.defaultValue = 'Contoso!2026'
    }
  },
  {
    shape: 'vm-public-ip',
    rule: 'IDs Should Be Derived From ResourceIDs',
    fault: 'a subnet ID written out',
    seed: (t) => {
      t.resources[3].properties.ipConfigurations[0].properties.subnet.id =
        '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default'
    }
  },
  {
    shape: 'vm-public-ip',
    rule: 'VMSizes Must Match Template',
    fault: 'a size the template does not allow',
    seed: (_t, ui) => {
      ui.parameters.steps[0].elements[0].recommendedSizes.push('Standard_E8s_v5')
    }
  },
  {
    shape: 'vm-public-ip',
    rule: 'Password Textboxes Must Be Used For Password Parameters',
    fault: 'the password typed in a plain text box',
    seed: (_t, ui) => {
      ui.parameters.basics.push({
        name: 'password',
        type: 'Microsoft.Common.TextBox',
        label: 'Password',
        constraints: { regex: '^.{12,}$', validationMessage: '12 characters or more.' }
      })
      ui.parameters.outputs.adminPassword = "[basics('password')]"
    }
  },
  {
    shape: 'vm-public-ip',
    rule: 'Outputs Must Not Contain Secrets',
    fault: 'the admin password as an output',
    seed: (t) => {
      t.outputs.adminPassword = { type: 'string', value: "[parameters('adminPassword')]" }
    }
  },
  {
    shape: 'vm-public-ip',
    rule: 'DependsOn Must Not Be Conditional',
    fault: 'a conditional dependency',
    seed: (t) => {
      t.resources[4].dependsOn.push(
        "[if(empty(parameters('dnsLabelPrefix')), variables('nicName'), variables('publicIpName'))]"
      )
    }
  },
  {
    shape: 'storage-private-endpoint',
    rule: 'Location Should Not Be Hardcoded',
    fault: 'a region as the location default',
    seed: (t) => {
      t.parameters.location.defaultValue = 'eastus2'
    }
  },
  {
    shape: 'storage-private-endpoint',
    rule: 'Resources Should Have Location',
    fault: 'a region written on the private endpoint',
    seed: (t) => {
      t.resources[3].location = 'eastus2'
    }
  },
  {
    shape: 'storage-private-endpoint',
    rule: 'apiVersions Should Be Recent',
    fault: 'a 2019 API version',
    seed: (t) => {
      t.resources[0].apiVersion = '2019-04-01'
    }
  },
  {
    shape: 'storage-private-endpoint',
    rule: 'Min And Max Value Are Numbers',
    fault: 'maxValue in quotes',
    seed: (t) => {
      t.parameters.retentionDays.maxValue = '365'
    }
  },
  {
    shape: 'storage-private-endpoint',
    rule: 'Allowed Values Should Actually Be Allowed',
    fault: 'a tier the parameter does not allow',
    seed: (_t, ui) => {
      ui.parameters.basics[1].constraints.allowedValues.push({ label: 'Cold', value: 'Cold' })
    }
  },
  {
    shape: 'storage-private-endpoint',
    rule: 'Template Should Not Contain Blanks',
    fault: 'an empty minimum TLS version',
    seed: (t) => {
      t.resources[0].properties.minimumTlsVersion = ''
    }
  },
  {
    shape: 'managed-app-identity',
    rule: 'Parameters Must Be Referenced',
    fault: 'a parameter nothing uses',
    seed: (t) => {
      t.parameters.unusedTag = { type: 'string', defaultValue: 'x' }
    }
  },
  {
    shape: 'managed-app-identity',
    rule: 'Variables Must Be Referenced',
    fault: 'a variable nothing uses',
    seed: (t) => {
      t.variables.contributorRole = 'b24988ac-6180-42a0-ab88-20f7382dd24c'
    }
  },
  {
    shape: 'managed-app-identity',
    rule: 'Location Should Be In Outputs',
    fault: 'no location output',
    seed: (_t, ui) => {
      delete ui.parameters.outputs.location
    }
  },
  {
    shape: 'managed-app-identity',
    rule: 'Outputs Must Be Present In Template Parameters',
    fault: 'an output with a misspelt parameter name',
    seed: (_t, ui) => {
      ui.parameters.outputs.sitename2 = "[basics('siteName')]"
    }
  },
  {
    shape: 'managed-app-identity',
    rule: 'Parameters Without Default Must Exist In CreateUIDefinition',
    fault: 'a parameter no output feeds',
    seed: (_t, ui) => {
      delete ui.parameters.outputs.identityName
    }
  },
  {
    shape: 'managed-app-identity',
    rule: 'Handler Must Be Correct',
    fault: 'an old handler',
    seed: (_t, ui) => {
      ui.handler = 'Microsoft.Compute.MultiVm'
    }
  },
  {
    shape: 'managed-app-identity',
    rule: 'Dynamic Variable References Should Not Use Concat',
    fault: 'variables(concat(…))',
    seed: (t) => {
      t.resources[1].name = "[variables(concat('plan', 'Name'))]"
    }
  },
  {
    shape: 'managed-app-identity',
    rule: 'Textboxes Are Well Formed',
    fault: 'a text box without a validation message',
    seed: (_t, ui) => {
      delete ui.parameters.basics[0].constraints.validationMessage
    }
  }
]

describe('the corpus', () => {
  it.each(CORPUS)('%s runs clean', async (shape) => {
    expect(await run(shape)).toEqual([])
  })

  it.each(FAULTS)('$shape: $fault is found once, by $rule', async ({ shape, rule, seed }) => {
    const findings = await run(shape, seed)
    expect(findings.map((finding) => finding.rule)).toEqual([rule])
  })
})
