import { createHash } from 'node:crypto'
import { open } from 'node:fs/promises'

/**
 * What an image file is, read from its first bytes only: the format by its signature and, for a
 * PNG, the pixel size from its IHDR chunk (the PNG specification puts IHDR first, at byte 8, with
 * width and height as big-endian 32-bit numbers at bytes 16 and 20). Reading a fixed 32 bytes is
 * bounded whatever the file holds, and parses nothing else, which is why this is a few lines and
 * not an image library (README design notes).
 */
export interface ImageHeader {
  /** `png`, `jpeg`, `gif`, `bmp`, `webp`, or `unknown`. */
  format: 'png' | 'jpeg' | 'gif' | 'bmp' | 'webp' | 'unknown'
  /** Pixels; PNG only (the only format Partner Center takes for Azure offer images). */
  width?: number
  height?: number
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const HEADER_BYTES = 32

/** The format and (PNG) pixel size of an image, from its first 32 bytes. */
export function readImageHeader(head: Buffer): ImageHeader {
  if (head.subarray(0, 8).equals(PNG_SIGNATURE)) {
    // A PNG whose first chunk is not a 13-byte IHDR is damaged: no size, so it fails the size check.
    if (head.length < 24 || head.toString('latin1', 12, 16) !== 'IHDR') return { format: 'png' }
    return { format: 'png', width: head.readUInt32BE(16), height: head.readUInt32BE(20) }
  }
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return { format: 'jpeg' }
  if (head.toString('latin1', 0, 4) === 'GIF8') return { format: 'gif' }
  if (head.toString('latin1', 0, 2) === 'BM') return { format: 'bmp' }
  if (head.toString('latin1', 0, 4) === 'RIFF' && head.toString('latin1', 8, 12) === 'WEBP')
    return { format: 'webp' }
  return { format: 'unknown' }
}

/** An image file read for upload: its size in bytes, header, and hex SHA-256 of the content. */
export interface ImageFileFacts extends ImageHeader {
  size: number
  sha256: string
  /** Base64 MD5, for the single Put Blob that uploads it (storage/blob-upload.ts). */
  md5: string
}

/**
 * Reads an image file that is at most `maxBytes` long: header, size and hashes. A larger file is
 * not read at all (its size is returned with empty hashes), so a hostile file costs nothing.
 * @throws the file system's error (ENOENT when it does not exist).
 */
export async function readImageFile(file: string, maxBytes: number): Promise<ImageFileFacts> {
  const handle = await open(file, 'r')
  try {
    const { size } = await handle.stat()
    if (size > maxBytes) return { format: 'unknown', size, sha256: '', md5: '' }
    const content = Buffer.alloc(size)
    await handle.read(content, 0, size, 0)
    return {
      ...readImageHeader(content.subarray(0, HEADER_BYTES)),
      size,
      sha256: createHash('sha256').update(content).digest('hex'),
      md5: createHash('md5').update(content).digest('base64')
    }
  } finally {
    await handle.close()
  }
}
