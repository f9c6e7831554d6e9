/**
 * Large valid package zips for the upload benchmark, written fast: a random 1 MiB block repeated
 * (so no disk-level compression or sparse file flatters the numbers), stored without compression
 * next to the two files Partner Center requires, for an archive of exactly the size asked for.
 */
import { randomBytes } from 'node:crypto'
import { open } from 'node:fs/promises'
import { crc32 } from 'node:zlib'
import { VALID_PACKAGE } from './workspace.js'

export const MiB = 1024 * 1024

interface Entry {
  name: Buffer
  crc: number
  size: number
  offset: number
}

const LOCAL_HEADER = 30
const CENTRAL_HEADER = 46
const END_RECORD = 22
const PAYLOAD_NAME = 'payload.bin'

export async function writePackageFile(file: string, totalBytes: number): Promise<void> {
  const small = VALID_PACKAGE.map((entry) => ({
    name: Buffer.from(entry.name),
    data: Buffer.from(entry.data)
  }))
  const names = [...small.map((entry) => entry.name), Buffer.from(PAYLOAD_NAME)]
  const overhead = names.reduce(
    (sum, name) => sum + LOCAL_HEADER + CENTRAL_HEADER + 2 * name.length,
    END_RECORD + small.reduce((sum, entry) => sum + entry.data.length, 0)
  )
  const payloadBytes = totalBytes - overhead
  if (payloadBytes <= 0 || totalBytes >= 2 ** 32) throw new Error(`Unsupported size ${totalBytes}`)

  const block = randomBytes(MiB)
  const handle = await open(file, 'w')
  try {
    const entries: Entry[] = []
    let offset = 0
    const append = async (buffer: Buffer): Promise<void> => {
      await handle.write(buffer, 0, buffer.length, offset)
      offset += buffer.length
    }
    for (const entry of small) {
      const header = { name: entry.name, crc: crc32(entry.data), size: entry.data.length, offset }
      entries.push(header)
      await append(localHeader(header))
      await append(entry.data)
    }
    // The payload's CRC is needed in the header before the data: compute it first (cheap).
    let crc = 0
    for (let done = 0; done < payloadBytes; done += MiB) {
      crc = crc32(block.subarray(0, Math.min(MiB, payloadBytes - done)), crc)
    }
    const payload = { name: Buffer.from(PAYLOAD_NAME), crc, size: payloadBytes, offset }
    entries.push(payload)
    await append(localHeader(payload))
    for (let done = 0; done < payloadBytes; done += MiB) {
      await append(block.subarray(0, Math.min(MiB, payloadBytes - done)))
    }
    const directoryOffset = offset
    for (const entry of entries) await append(centralHeader(entry))
    const end = Buffer.alloc(END_RECORD)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(entries.length, 8)
    end.writeUInt16LE(entries.length, 10)
    end.writeUInt32LE(offset - directoryOffset, 12)
    end.writeUInt32LE(directoryOffset, 16)
    await append(end)
    if (offset !== totalBytes) throw new Error(`Wrote ${offset} bytes instead of ${totalBytes}`)
  } finally {
    await handle.close()
  }
}

function localHeader(entry: Entry): Buffer {
  const header = Buffer.alloc(LOCAL_HEADER)
  header.writeUInt32LE(0x04034b50, 0)
  header.writeUInt16LE(20, 4)
  header.writeUInt32LE(entry.crc, 14)
  header.writeUInt32LE(entry.size, 18)
  header.writeUInt32LE(entry.size, 22)
  header.writeUInt16LE(entry.name.length, 26)
  return Buffer.concat([header, entry.name])
}

function centralHeader(entry: Entry): Buffer {
  const header = Buffer.alloc(CENTRAL_HEADER)
  header.writeUInt32LE(0x02014b50, 0)
  header.writeUInt16LE(20, 4)
  header.writeUInt16LE(20, 6)
  header.writeUInt32LE(entry.crc, 16)
  header.writeUInt32LE(entry.size, 20)
  header.writeUInt32LE(entry.size, 24)
  header.writeUInt16LE(entry.name.length, 28)
  header.writeUInt32LE(entry.offset, 42)
  return Buffer.concat([header, entry.name])
}
