import { describe, expect, it } from '@jest/globals'
import { PREFLIGHT_RULE_NAMES } from '../../../src/preflight/preflight.js'
import {
  cleanTemplate,
  cleanUiDefinition,
  preflightChanged,
  preflightOf,
  TEMPLATE_SCHEMA,
  type Json
} from '../../support/preflight-fixtures.js'

type Change = (template: Json, ui: Json) => void

/** A tier parameter allowing Hot and Cool, fed by a drop-down offering `offered`. */
function tierDropDown(offered: string[]): Change {
  return (t, ui) => {
    t.parameters.tier = { type: 'string', allowedValues: ['Hot', 'Cool'], defaultValue: 'Hot' }
    t.resources[0].properties = { accessTier: "[parameters('tier')]" }
    ui.parameters.basics.push({
      name: 'tier',
      type: 'Microsoft.Common.DropDown',
      constraints: { allowedValues: offered.map((value) => ({ label: value, value })) }
    })
    ui.parameters.outputs.tier = "[basics('tier')]"
  }
}

/** A vmSize parameter allowing Standard_D2s_v5, fed by a size selector recommending `size`. */
function sizeSelector(size: string): Change {
  return (t, ui) => {
    t.parameters.vmSize = { type: 'string', allowedValues: ['Standard_D2s_v5'] }
    t.resources[0].tags = { size: "[parameters('vmSize')]" }
    ui.parameters.steps.push({
      name: 'vm',
      elements: [{ name: 'size', type: 'Microsoft.Compute.SizeSelector', recommendedSizes: [size] }]
    })
    ui.parameters.outputs.vmSize = "[steps('vm').size]"
  }
}

/**
 * Each rule with one template that breaks it and one that passes, written from the rule's
 * documented behaviour (Microsoft Learn "Test cases for ARM templates" / "… createUiDefinition.json").
 */
const CASES: { rule: string; failing: Change; passing: Change }[] = [
  {
    rule: 'DeploymentTemplate Schema Is Correct',
    failing: (t) => {
      t.$schema = 'https://schema.management.azure.com/schemas/2019-01-01/deploymentTemplate.json#'
    },
    passing: (t) => {
      t.$schema = 'https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#'
    }
  },
  {
    rule: 'Parameters Must Be Referenced',
    failing: (t, ui) => {
      t.parameters.unused = { type: 'string', defaultValue: 'x' }
      void ui
    },
    passing: (t) => {
      t.parameters.tagValue = { type: 'string', defaultValue: 'x' }
      t.resources[0].tags = { owner: "[parameters('TAGVALUE')]" }
    }
  },
  {
    rule: 'Variables Must Be Referenced',
    failing: (t) => {
      t.variables.unused = 'x'
    },
    passing: (t) => {
      t.variables.kind = 'StorageV2'
      t.resources[0].kind = "[variables('kind')]"
    }
  },
  {
    rule: 'Secure String Parameters Cannot Have Default',
    failing: (t, ui) => {
      t.parameters.adminPassword = { type: 'securestring', defaultValue: 'P@ssw0rd!' }
      t.resources[0].tags = { p: "[parameters('adminPassword')]" }
      ui.parameters.basics.push({ name: 'pw', type: 'Microsoft.Common.PasswordBox' })
      ui.parameters.outputs.adminPassword = "[basics('pw')]"
    },
    passing: (t, ui) => {
      t.parameters.adminPassword = { type: 'securestring', defaultValue: '' }
      t.resources[0].tags = { p: "[parameters('adminPassword')]" }
      ui.parameters.basics.push({ name: 'pw', type: 'Microsoft.Common.PasswordBox' })
      ui.parameters.outputs.adminPassword = "[basics('pw')]"
    }
  },
  {
    rule: 'Location Should Not Be Hardcoded',
    failing: (t) => {
      t.parameters.location.defaultValue = 'westus'
    },
    passing: (t) => {
      t.parameters.location.defaultValue = 'global'
    }
  },
  {
    rule: 'Resources Should Have Location',
    failing: (t) => {
      t.resources[0].location = 'westeurope'
      t.resources[0].tags = { region: "[parameters('location')]" }
    },
    passing: (t) => {
      t.resources[0].location = 'global'
      t.resources[0].tags = { region: "[parameters('location')]" }
    }
  },
  {
    rule: 'Outputs Must Not Contain Secrets',
    failing: (t) => {
      t.outputs.keys = {
        type: 'object',
        value:
          "[listKeys(resourceId('Microsoft.Storage/storageAccounts', parameters('storageName')), '2025-06-01')]"
      }
    },
    passing: (t) => {
      t.outputs.endpoint = {
        type: 'string',
        value:
          "[reference(resourceId('Microsoft.Storage/storageAccounts', parameters('storageName'))).primaryEndpoints.blob]"
      }
    }
  },
  {
    rule: 'apiVersions Should Be Recent',
    failing: (t) => {
      t.resources[0].apiVersion = '2019-06-01'
    },
    passing: (t) => {
      t.resources[0].apiVersion = '2025-01-01-preview'
    }
  },
  {
    rule: 'IDs Should Be Derived From ResourceIDs',
    failing: (t) => {
      t.resources[0].properties = {
        networkAcls: {
          virtualNetworkRules: [
            {
              id: '/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s'
            }
          ]
        }
      }
    },
    passing: (t) => {
      t.resources[0].properties = {
        networkAcls: {
          virtualNetworkRules: [
            { id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 's')]" }
          ]
        }
      }
    }
  },
  {
    rule: 'Dynamic Variable References Should Not Use Concat',
    failing: (t) => {
      t.variables.skuStandard = 'Standard_LRS'
      t.resources[0].sku.name = "[variables(concat('sku', 'Standard'))]"
    },
    passing: (t) => {
      t.variables.skuStandard = 'Standard_LRS'
      t.resources[0].sku.name = "[variables(format('sku{0}', 'Standard'))]"
    }
  },
  {
    rule: 'Template Should Not Contain Blanks',
    failing: (t) => {
      t.resources[0].properties = { accessTier: '' }
    },
    passing: (t) => {
      t.resources[0].properties = { accessTier: 'Hot' }
    }
  },
  {
    rule: 'DependsOn Must Not Be Conditional',
    failing: (t) => {
      t.resources[0].dependsOn = ["[if(true(), 'a', 'b')]"]
    },
    passing: (t) => {
      t.resources[0].dependsOn = ["[resourceId('Microsoft.Network/virtualNetworks', 'v')]"]
    }
  },
  {
    rule: 'Min And Max Value Are Numbers',
    failing: (t) => {
      t.parameters.count = { type: 'int', defaultValue: 1, minValue: '1', maxValue: 5 }
      t.resources[0].tags = { count: "[string(parameters('count'))]" }
    },
    passing: (t) => {
      t.parameters.count = { type: 'int', defaultValue: 1, minValue: 1, maxValue: 5 }
      t.resources[0].tags = { count: "[string(parameters('count'))]" }
    }
  },
  {
    rule: 'CreateUIDefinition Should Have Schema',
    failing: (_t, ui) => {
      ui.$schema = 'https://example.com/ui.json#'
    },
    passing: (_t, ui) => {
      ui.$schema =
        'https://schema.management.azure.com/schemas/0.1.2-preview/CreateUIDefinition.MultiVm.json'
    }
  },
  {
    rule: 'Handler Must Be Correct',
    failing: (_t, ui) => {
      ui.handler = 'Microsoft.Compute.MultiVm'
    },
    passing: (_t, ui) => {
      ui.handler = 'microsoft.azure.createuidef'
    }
  },
  {
    rule: 'Location Should Be In Outputs',
    failing: (_t, ui) => {
      ui.parameters.outputs.location = "[basics('region')]"
    },
    passing: (_t, ui) => {
      ui.parameters.outputs.location = '[ location() ]'
    }
  },
  {
    rule: 'Outputs Must Be Present In Template Parameters',
    failing: (_t, ui) => {
      ui.parameters.outputs.storageSku = "[basics('storageName')]"
    },
    passing: (_t, ui) => {
      ui.parameters.outputs.applicationResourceName = "[basics('storageName')]"
    }
  },
  {
    rule: 'Parameters Without Default Must Exist In CreateUIDefinition',
    failing: (t) => {
      t.parameters.owner = { type: 'string' }
      t.resources[0].tags = { owner: "[parameters('owner')]" }
    },
    passing: (t) => {
      t.parameters.owner = { type: 'string', defaultValue: 'contoso' }
      t.resources[0].tags = { owner: "[parameters('owner')]" }
    }
  },
  {
    rule: 'Allowed Values Should Actually Be Allowed',
    failing: tierDropDown(['Hot', 'Archive']),
    passing: tierDropDown(['Hot', 'Cool'])
  },
  {
    rule: 'VMSizes Must Match Template',
    failing: sizeSelector('Standard_D4s_v5'),
    passing: sizeSelector('standard_d2s_v5')
  },
  {
    rule: 'Password Textboxes Must Be Used For Password Parameters',
    failing: (t, ui) => {
      t.parameters.adminPassword = { type: 'securestring' }
      t.resources[0].tags = { p: "[parameters('adminPassword')]" }
      ui.parameters.basics.push({
        name: 'pw',
        type: 'Microsoft.Common.TextBox',
        constraints: { regex: '^.{12,}$', validationMessage: 'At least 12 characters.' }
      })
      ui.parameters.outputs.adminPassword = "[basics('pw')]"
    },
    passing: (t, ui) => {
      t.parameters.adminPassword = { type: 'securestring' }
      t.resources[0].tags = { p: "[parameters('adminPassword')]" }
      ui.parameters.basics.push({ name: 'creds', type: 'Microsoft.Compute.CredentialsCombo' })
      ui.parameters.outputs.adminPassword = "[basics('creds').password]"
    }
  },
  {
    rule: 'Textboxes Are Well Formed',
    failing: (_t, ui) => {
      delete ui.parameters.basics[0].constraints.validationMessage
    },
    passing: (_t, ui) => {
      ui.parameters.basics[0].constraints = {
        validations: [{ regex: '^[a-z0-9]{3,24}$', message: '3 to 24 characters.' }]
      }
    }
  }
]

describe('pre-flight rules', () => {
  it('finds nothing in the clean package', async () => {
    expect(await preflightChanged(() => {})).toEqual([])
  })

  it('has a passing and a failing case for every rule but JSON validity', () => {
    expect(CASES.map((item) => item.rule).sort()).toEqual(
      PREFLIGHT_RULE_NAMES.filter((name) => name !== 'JSONFiles Should Be Valid').sort()
    )
  })

  describe.each(CASES)('$rule', ({ rule, failing, passing }) => {
    it('flags the failing template, once, and nothing else', async () => {
      const findings = await preflightChanged(failing)
      expect(findings.map((finding) => finding.rule)).toEqual([rule])
    })

    it('passes the passing template', async () => {
      expect(await preflightChanged(passing)).toEqual([])
    })
  })
})

describe('references', () => {
  it('count a computed variables() reference as using any variable', async () => {
    const findings = await preflightChanged((t) => {
      t.variables.unused = 'x'
      t.resources[0].tags = { tier: "[variables(format('{0}', 'sku'))]" }
    })
    expect(findings).toEqual([])
  })
})

describe('findings', () => {
  it('give the file, JSON path, line, column, severity, fix and source', async () => {
    const template = cleanTemplate()
    template.resources[0].location = 'westeurope'
    template.resources[0].tags = { region: "[parameters('location')]" }
    const [finding] = await preflightOf({
      'mainTemplate.json': template,
      'createUiDefinition.json': (
        await import('../../support/preflight-fixtures.js')
      ).cleanUiDefinition()
    })
    // JSON.stringify(…, null, 2): "location" of the first resource is on line 21, its value at column 19.
    expect(finding).toEqual({
      rule: 'Resources Should Have Location',
      severity: 'warning',
      planId: 'standard',
      file: 'mainTemplate.json',
      path: '$.resources[0].location',
      line: 21,
      column: 19,
      message: 'The resource\'s location is hard-coded as "westeurope".',
      fix: expect.stringMatching(/^Set the resource's location/),
      source:
        'https://learn.microsoft.com/azure/azure-resource-manager/templates/template-test-cases'
    })
  })

  it('check nested templates, and report JSON syntax errors at their place', async () => {
    const nested = {
      $schema: TEMPLATE_SCHEMA,
      contentVersion: '1.0.0.0',
      parameters: { location: { type: 'string', defaultValue: '[resourceGroup().location]' } },
      resources: []
    }
    const findings = await preflightOf({
      'mainTemplate.json': cleanTemplate(),
      'createUiDefinition.json': (
        await import('../../support/preflight-fixtures.js')
      ).cleanUiDefinition(),
      'nestedtemplates/network.json': nested,
      'nestedtemplates/broken.json': '{\n  "a": 1,\n  "b" 2\n}'
    })
    expect(findings.map((f) => [f.rule, f.file, f.path, f.line, f.column])).toEqual([
      ['JSONFiles Should Be Valid', 'nestedtemplates/broken.json', '$', 3, 7],
      [
        'Parameters Must Be Referenced',
        'nestedtemplates/network.json',
        '$.parameters.location',
        5,
        5
      ],
      [
        'Location Should Not Be Hardcoded',
        'nestedtemplates/network.json',
        '$.parameters.location.defaultValue',
        7,
        23
      ]
    ])
  })

  it('are placed in a template with comments and a byte order mark as well', async () => {
    const template = cleanTemplate()
    template.parameters.location.defaultValue = 'westus'
    const text =
      '\uFEFF// ARM accepts comments\n' +
      JSON.stringify(template, null, 2).replace('{', '{ /* here */')
    const [finding] = await preflightOf({
      'mainTemplate.json': text,
      'createUiDefinition.json': cleanUiDefinition()
    })
    expect([finding.rule, finding.path, finding.line, finding.column]).toEqual([
      'Location Should Not Be Hardcoded',
      '$.parameters.location.defaultValue',
      8,
      23
    ])
  })

  it('skip a rule named in the manifest, whatever its case', async () => {
    const template = cleanTemplate()
    template.variables.unused = 'x'
    const findings = await preflightOf(
      {
        'mainTemplate.json': template,
        'createUiDefinition.json': (
          await import('../../support/preflight-fixtures.js')
        ).cleanUiDefinition()
      },
      ['variables must be referenced']
    )
    expect(findings).toEqual([])
  })
})
