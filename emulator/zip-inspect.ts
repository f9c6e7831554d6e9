const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50

/** Content read at random: a stored blob, whose bytes may lie in several files. */
export interface RandomAccessContent {
  size: number
  /** Up to `length` bytes from byte `position` (fewer at the end). */
  read(position: number, length: number): Buffer
}

/**
 * Deliberately independent of the action's own reader (src/app-package/zip-directory.ts): the
 * emulator plays Partner Center's check, and a bug shared by both would let the two agree on a
 * wrong answer.
 *
 * Lists the entry names of a zip from its central directory, reading only the tail of the
 * content (packages may be gigabytes). Undefined when the content is not a zip.
 */
export function listZipEntries(content: RandomAccessContent): string[] | undefined {
  const { size } = content
  if (size < 22) return undefined
  const tailLength = Math.min(size, 22 + 0xffff)
  const tail = content.read(size - tailLength, tailLength)
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
  const directory = content.read(directoryOffset, directorySize)
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
}
