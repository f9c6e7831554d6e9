import { describe, expect, it } from '@jest/globals'
import { SignInError, selectCredential, type CredentialInputs } from '../../../src/auth/index.js'

const requestIdToken = async (audience: string) => `id-token-for-${audience}`

function inputs(overrides: Partial<CredentialInputs> = {}): CredentialInputs {
  return {
    oidc: { available: true, audience: 'api://AzureADTokenExchange', requestIdToken },
    ...overrides
  }
}

describe('selectCredential', () => {
  it('prefers the client secret over a certificate and OIDC', () => {
    expect(selectCredential(inputs({ clientSecret: 's3cr3t', clientCertificate: 'PEM' }))).toEqual({
      kind: 'client-secret',
      secret: 's3cr3t'
    })
  })

  it('trims a pasted trailing newline off the secret', () => {
    expect(selectCredential(inputs({ clientSecret: 's3cr3t\n' }))).toEqual({
      kind: 'client-secret',
      secret: 's3cr3t'
    })
  })

  it('takes the certificate when the secret input is empty, as GitHub passes unset inputs', () => {
    expect(selectCredential(inputs({ clientSecret: '', clientCertificate: 'PEM TEXT' }))).toEqual({
      kind: 'certificate',
      pem: 'PEM TEXT'
    })
  })

  it('falls back to GitHub OIDC with the given audience and token function', async () => {
    const credential = selectCredential(
      inputs({
        clientSecret: ' ',
        clientCertificate: '',
        oidc: { available: true, audience: 'api://custom', requestIdToken }
      })
    )
    expect(credential).toMatchObject({ kind: 'github-oidc', audience: 'api://custom' })
    if (credential.kind !== 'github-oidc') throw new Error('unreachable')
    await expect(credential.requestIdToken(credential.audience)).resolves.toBe(
      'id-token-for-api://custom'
    )
  })

  it('uses the public-cloud audience when the audience input is empty', () => {
    expect(
      selectCredential(inputs({ oidc: { available: true, audience: '', requestIdToken } }))
    ).toMatchObject({ kind: 'github-oidc', audience: 'api://AzureADTokenExchange' })
  })

  it('without any credential lists the three ways and the permissions block OIDC needs', () => {
    const select = () =>
      selectCredential(
        inputs({
          oidc: { available: false, audience: 'api://AzureADTokenExchange', requestIdToken }
        })
      )
    expect(select).toThrow(SignInError)
    expect(select).toThrow(/client-secret/)
    expect(select).toThrow(/client-certificate/)
    expect(select).toThrow(/GitHub OIDC/)
    expect(select).toThrow(/permissions:\n\s+id-token: write\n\s+contents: read/)
  })
})
