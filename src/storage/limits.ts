/**
 * Packages up to this size go to Azure Storage in one Put Blob, with their MD5; larger ones in
 * blocks (Put Block + Put Block List). 64 MiB is well under the 256 MiB a single Put Blob
 * accepts with x-ms-version 2018-03-28 (§5.10 of the API reference), and keeps a retry cheap.
 */
export const SINGLE_SHOT_MAX_BYTES = 64 * 1024 * 1024
