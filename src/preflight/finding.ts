/**
 * What the pre-flight reports: plain data, typed, so that the shell can show it as annotations,
 * a summary table and part of the `result` output.
 */

export type Severity = 'error' | 'warning'

/** One problem found in a package, pinned to its place. */
export interface Finding {
  /** The ARM Template Test Toolkit's test name, e.g. "Parameters Must Be Referenced". */
  rule: string
  severity: Severity
  /** The plan whose package this is. */
  planId: string
  /** The file inside the zip, e.g. `nestedtemplates/storage.json`. */
  file: string
  /** JSON path of the value at fault, e.g. `$.resources[0].location`. */
  path: string
  /** 1-based line and column of that value in the file. */
  line: number
  column: number
  /** What is wrong. */
  message: string
  /** How to fix it, in one sentence. */
  fix: string
  /** Where the rule is documented. */
  source: string
}

/** Microsoft Learn, "Test cases for ARM templates". */
export const TEMPLATE_TEST_CASES =
  'https://learn.microsoft.com/azure/azure-resource-manager/templates/template-test-cases'
/** Microsoft Learn, "Test cases for createUiDefinition.json". */
export const UI_DEFINITION_TEST_CASES =
  'https://learn.microsoft.com/azure/azure-resource-manager/templates/createuidefinition-test-cases'
/** The toolkit's own test scripts, for tests the Learn pages do not describe in full. */
export const TOOLKIT_TESTS = 'https://github.com/Azure/arm-ttk/tree/main/arm-ttk/testcases'
