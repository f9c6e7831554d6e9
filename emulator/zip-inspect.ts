import { closeSync, openSync, readSync, statSync } from 'node:fs'

const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50

/**
 * Deliberately independent of the action's own reader (src/app-package/zip-directory.ts): the
 * emulator plays Partner Center's check, and a bug shared by both would let the two agree on a
 * wrong answer.
 *
 * Lists the entry names of a zip file from its central directory, reading only the tail of the
 * file (packages may be gigabytes). Undefined when the file is not a zip.
 */
export function listZipEntries(file: string): string[] | undefined {
  const size = statSync(file).size
  if (size < 22) return undefined
  const fd = openSync(file, 'r')
  try {
    const tailLength = Math.min(size, 22 + 0xffff)
    const tail = Buffer.alloc(tailLength)
    readSync(fd, tail, 0, tailLength, size - tailLength)
    let eocd = -1
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
        eocd = i
        break
      }
    }
    if (eocd < 0) return undefined
    const entries = tail.readUInt16LE(eocd + 10)
    const directorySize = tail.readUInt32LE(eocd + 12)
    const directoryOffset = tail.readUInt32LE(eocd + 16)
    if (directoryOffset + directorySize > size) return undefined
    const directory = Buffer.alloc(directorySize)
    readSync(fd, directory, 0, directorySize, directoryOffset)
    const names: string[] = []
    let at = 0
    for (let n = 0; n < entries && at + 46 <= directory.length; n++) {
      if (directory.readUInt32LE(at) !== CENTRAL_DIRECTORY_ENTRY) return undefined
      const nameLength = directory.readUInt16LE(at + 28)
      const extraLength = directory.readUInt16LE(at + 30)
      const commentLength = directory.readUInt16LE(at + 32)
      names.push(directory.toString('utf8', at + 46, at + 46 + nameLength))
      at += 46 + nameLength + extraLength + commentLength
    }
    return names
  } finally {
    closeSync(fd)
  }
}
