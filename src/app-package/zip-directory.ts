import type { FileHandle } from 'node:fs/promises'

/**
 * Lists the entry names of a zip archive from its central directory, reading only the end of the
 * file: packages can be gigabytes, and all the checks need is the names.
 */
export async function listZipEntries(file: FileHandle, size: number): Promise<string[]> {
  const end = await findEndOfCentralDirectory(file, size)
  if (!end) throw new NotAZipError()
  const directory = await readAt(file, end.directoryOffset, end.directorySize)
  const names: string[] = []
  let at = 0
  for (let index = 0; index < end.entryCount; index++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_ENTRY) {
      throw new NotAZipError('its central directory is damaged')
    }
    const nameLength = directory.readUInt16LE(at + 28)
    const extraLength = directory.readUInt16LE(at + 30)
    const commentLength = directory.readUInt16LE(at + 32)
    names.push(directory.toString('utf8', at + 46, at + 46 + nameLength))
    at += 46 + nameLength + extraLength + commentLength
  }
  return names
}

export class NotAZipError extends Error {
  constructor(reason = 'it has no zip end-of-central-directory record') {
    super(reason)
  }
}

const END_OF_DIRECTORY = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_END_OF_DIRECTORY = 0x06064b50
const CENTRAL_ENTRY = 0x02014b50
/** The end record is 22 bytes, followed by a comment of up to 65535 bytes. */
const MAX_TAIL = 22 + 0xffff

interface DirectoryLocation {
  entryCount: number
  directorySize: number
  directoryOffset: number
}

async function findEndOfCentralDirectory(
  file: FileHandle,
  size: number
): Promise<DirectoryLocation | undefined> {
  if (size < 22) return undefined
  const tailStart = Math.max(0, size - MAX_TAIL)
  const tail = await readAt(file, tailStart, size - tailStart)
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) !== END_OF_DIRECTORY) continue
    const location = {
      entryCount: tail.readUInt16LE(at + 10),
      directorySize: tail.readUInt32LE(at + 12),
      directoryOffset: tail.readUInt32LE(at + 16)
    }
    // Archives over 4 GiB or 65535 entries keep the real numbers in a zip64 record.
    const saturated =
      location.entryCount === 0xffff ||
      location.directorySize === 0xffffffff ||
      location.directoryOffset === 0xffffffff
    if (saturated && at >= 20 && tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
      const zip64Offset = Number(tail.readBigUInt64LE(at - 20 + 8))
      const record = await readAt(file, zip64Offset, 56)
      if (record.readUInt32LE(0) !== ZIP64_END_OF_DIRECTORY) return undefined
      return {
        entryCount: Number(record.readBigUInt64LE(32)),
        directorySize: Number(record.readBigUInt64LE(40)),
        directoryOffset: Number(record.readBigUInt64LE(48))
      }
    }
    return location
  }
  return undefined
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length)
  const { bytesRead } = await file.read(buffer, 0, length, position)
  return buffer.subarray(0, bytesRead)
}
