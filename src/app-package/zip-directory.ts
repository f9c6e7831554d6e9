import yauzl from 'yauzl'
import type { Entry, ZipFile } from 'yauzl'

/** One file inside a zip, as its central directory describes it. Sizes in bytes. */
export interface ZipEntryInfo {
  name: string
  compressedSize: number
  uncompressedSize: number
}

/**
 * An open package zip: its entries, and the content of any of them read on demand (inflated in
 * memory, never written to disk). Close it when done.
 */
export interface ZipReader {
  readonly entries: readonly ZipEntryInfo[]
  /**
   * The content of one entry. Throws NotAZipError when the entry is missing, declares more than
   * `maxBytes` (uncompressed), or its data is damaged (yauzl checks the inflated size and CRC).
   */
  read(name: string, maxBytes: number): Promise<Buffer>
  close(): void
}

/** A file that is not a zip we can read safely; the message says what is wrong with it. */
export class NotAZipError extends Error {
  constructor(reason = 'it has no zip end-of-central-directory record') {
    super(neutralise(reason))
  }
}

/** The smallest central directory record (fixed part, no name): 46 bytes. */
const CENTRAL_ENTRY_SIZE = 46

/**
 * Opens a zip archive with yauzl, which parses the central directory (zip64 included), refuses
 * entry names that are absolute or climb out with `..`, and checks each entry's inflated size
 * and CRC. On top of that every size field is bounded by the file's `size` (bytes): the entry
 * count (each entry needs 46 bytes of directory), each entry's compressed size and local header
 * offset. A crafted archive becomes a NotAZipError, never a crash or a huge allocation.
 */
export async function openZip(file: string, size: number): Promise<ZipReader> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true },
      (error, opened) => (error ? reject(asZipError(error)) : resolve(opened))
    )
  })
  try {
    if (zip.entryCount * CENTRAL_ENTRY_SIZE > size) {
      throw new NotAZipError(
        `its end record claims ${zip.entryCount} entries, more than a ${size}-byte file can hold`
      )
    }
    const found = await readDirectory(zip, size)
    return {
      entries: found.map(({ fileName, compressedSize, uncompressedSize }) => ({
        name: fileName,
        compressedSize,
        uncompressedSize
      })),
      read: (name, maxBytes) => readEntry(zip, found, name, maxBytes),
      close: () => zip.close()
    }
  } catch (error) {
    zip.close()
    throw error
  }
}

function readDirectory(zip: ZipFile, size: number): Promise<Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: Entry[] = []
    zip.on('error', (error: Error) => reject(asZipError(error)))
    zip.on('end', () => resolve(entries))
    zip.on('entry', (entry: Entry) => {
      const end = entry.relativeOffsetOfLocalHeader + entry.compressedSize
      if (entry.compressedSize > size || end > size) {
        reject(
          new NotAZipError(
            `entry "${entry.fileName}" claims ${entry.compressedSize} bytes at offset ` +
              `${entry.relativeOffsetOfLocalHeader}, past the end of the ${size}-byte file`
          )
        )
        return
      }
      entries.push(entry)
      zip.readEntry()
    })
    zip.readEntry()
  })
}

function readEntry(
  zip: ZipFile,
  entries: Entry[],
  name: string,
  maxBytes: number
): Promise<Buffer> {
  const entry = entries.find((candidate) => candidate.fileName === name)
  if (!entry) return Promise.reject(new NotAZipError(`it has no entry "${name}"`))
  if (entry.uncompressedSize > maxBytes) {
    return Promise.reject(
      new NotAZipError(
        `entry "${name}" is ${entry.uncompressedSize} bytes, over the ${maxBytes}-byte limit for a file that is read`
      )
    )
  }
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(asZipError(error, name))
      const chunks: Buffer[] = []
      let total = 0
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length
        // yauzl already stops at the declared size; this bounds memory should that ever change.
        if (total > maxBytes) stream.destroy(new Error(`more than ${maxBytes} bytes`))
        else chunks.push(chunk)
      })
      stream.on('error', (streamError: Error) => reject(asZipError(streamError, name)))
      stream.on('end', () => resolve(Buffer.concat(chunks)))
    })
  })
}

function asZipError(error: Error, entry?: string): NotAZipError {
  return new NotAZipError(entry ? `entry "${entry}": ${error.message}` : error.message)
}

/** Entry names and yauzl's messages quote bytes from the file: keep control characters out of logs. */
function neutralise(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 500)
}
