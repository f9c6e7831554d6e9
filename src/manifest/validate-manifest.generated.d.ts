// Types of the validator that `npm run schema` compiles from src/manifest/schema.ts.
import type { ErrorObject } from 'ajv'

export interface ManifestValidator {
  (data: unknown): boolean
  errors?: ErrorObject[] | null
}

declare const validate: ManifestValidator
export default validate
