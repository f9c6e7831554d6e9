import { spawn, type ChildProcess } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import {
  BlobSASPermissions,
  BlobServiceClient,
  SASProtocol,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
  type ContainerClient
} from '@azure/storage-blob'

// The well-known development account every Azurite instance has (public, from its README).
const ACCOUNT = 'devstoreaccount1'
const ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='
const LISTENING = /successfully listens on (http:\/\/127\.0\.0\.1:\d+)/

export interface Azurite {
  /** http://127.0.0.1:PORT/devstoreaccount1 */
  endpoint: string
  /** A container that exists, for the tests' blobs. */
  container: ContainerClient
  /** A SAS URL for one blob of the container, with the given permissions (for example 'cw'). */
  blobSasUrl(blobName: string, permissions: string): string
  /** The Azurite process (the upload benchmark reads its CPU time). */
  pid: number | undefined
  stop(): Promise<void>
}

/**
 * Starts Azurite's blob service as a child process on a free port, in memory, and creates a
 * container (recipe of §5.2 of action-engineering.md). `--skipApiVersionCheck` is required:
 * the SDK sends a newer x-ms-version than Azurite knows.
 */
export async function startAzurite(containerName = 'packages'): Promise<Azurite> {
  const azuriteDir = dirname(createRequire(import.meta.url).resolve('azurite/package.json'))
  const child = spawn(
    process.execPath,
    [
      join(azuriteDir, 'dist/src/blob/main.js'),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--silent',
      '--disableTelemetry',
      '--skipApiVersionCheck'
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] }
  )
  const baseUrl = await waitForListening(child)
  const endpoint = `${baseUrl}/${ACCOUNT}`
  const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY)
  const container = new BlobServiceClient(endpoint, credential).getContainerClient(containerName)
  await container.createIfNotExists()

  return {
    endpoint,
    container,
    blobSasUrl: (blobName, permissions) => {
      const query = generateBlobSASQueryParameters(
        {
          containerName,
          blobName,
          permissions: BlobSASPermissions.parse(permissions),
          expiresOn: new Date(Date.now() + 60 * 60_000),
          // Azurite speaks plain HTTP.
          protocol: SASProtocol.HttpsAndHttp
        },
        credential
      )
      return `${container.getBlockBlobClient(blobName).url}?${query.toString()}`
    },
    pid: child.pid,
    stop: () => stopChild(child)
  }
}

function waitForListening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = ''
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      const match = LISTENING.exec(output)
      if (match?.[1]) {
        child.stdout?.off('data', onData)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
    child.once('exit', (code) =>
      reject(new Error(`Azurite exited (${code}) before listening:\n${output}`))
    )
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
