/**
 * @module The build cache's files: an append-only log of entries and an index of where each one lies, so a
 * build reads only the entries it uses, and only when it uses them.
 *
 * The log starts with a header line, `<format> <fingerprint> <log id>`, then one frame per entry:
 * `kind (1 byte) | key length | value length | CRC-32 of key and value (4 bytes each) | key | value`.
 * Well-formed texts (kind 0) are stored as UTF-8, half the size of V8's serialisation of a string with any
 * character past U+00FF; other values (kind 1) as V8 serialises them. A later frame with the same key wins.
 *
 * The index (`<log>.index`) says where every frame of the log lay when it was last saved, and which log that was.
 * Without it, or when it does not match the log, the log is read whole once. Each read checks that the frame holds
 * the key asked for and that its checksum holds: a damaged entry reads as missing, never as a wrong value.
 */

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';

/** Where one frame lies in the log. */
export interface Frame {
  readonly at: number;
  readonly bytes: number;
}

const FRAME_HEAD = 13;
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
/** Reads past the end of the indexed part (what a build that stopped before saving its index appended) in pieces this large. */
const SCAN_BYTES = 16 * 1024 * 1024;

/** What a saved index holds. */
interface SavedIndex {
  readonly logId: string;
  readonly logBytes: number;
  readonly keys: readonly string[];
  readonly frames: Float64Array;
}

export class CacheLog {
  private constructor(
    readonly file: string,
    /** Every readable frame, by key. */
    readonly frames: ReadonlyMap<string, Frame>,
    /** Where the frames start, after the header line. */
    readonly headerBytes: number,
    /** The log's length up to its last whole frame; the rest, if any, was cut off by a stopped build. */
    readonly validBytes: number,
    readonly fileBytes: number,
    readonly logId: string,
    private fd: number | undefined,
  ) {}

  static empty(file: string): CacheLog {
    return new CacheLog(file, new Map(), 0, 0, 0, '', undefined);
  }

  /**
   * The log in `file` when its header names `header` (format and fingerprint); otherwise undefined when there
   * is no file, or the header the file has.
   */
  static async open(file: string, header: string): Promise<CacheLog | { readonly foundHeader: string } | undefined> {
    let fd: number;
    try {
      fd = openSync(file, 'r');
    } catch {
      return undefined;
    }
    const fileBytes = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(fileBytes, 512));
    readSync(fd, head, 0, head.length, 0);
    const newline = head.indexOf(0x0a);
    const line = head.subarray(0, Math.max(0, newline)).toString();
    const logId = line.slice(header.length + 1);
    if (newline < 0 || !line.startsWith(`${header} `) || logId.includes(' ')) {
      closeSync(fd);
      return { foundHeader: line };
    }
    const headerBytes = newline + 1;
    const index = await readIndex(`${file}.index`, logId, fileBytes);
    const frames = new Map<string, Frame>();
    let from = headerBytes;
    if (index) {
      index.keys.forEach((key, i) => frames.set(key, { at: index.frames[2 * i]!, bytes: index.frames[2 * i + 1]! }));
      from = index.logBytes;
    }
    const validBytes = scanFrames(fd, from, fileBytes, frames);
    return new CacheLog(file, frames, headerBytes, validBytes, fileBytes, logId, fd);
  }

  /** The value stored for `key`, or undefined when there is none or its frame does not check out. */
  read(key: string): unknown {
    const frame = this.frames.get(key);
    if (frame === undefined) return undefined;
    if (this.fd === undefined) throw new Error(`build cache: ${key} was read after the cache was saved`);
    const bytes = Buffer.allocUnsafe(frame.bytes);
    if (readSync(this.fd, bytes, 0, frame.bytes, frame.at) !== frame.bytes) return undefined;
    const entry = decodeFrame(bytes, 0);
    if (entry === undefined || entry.end !== frame.bytes || entry.key !== key) return undefined;
    return entry.kind === 0 ? bytes.toString('utf8', entry.valueAt, entry.end) : deserialize(bytes.subarray(entry.valueAt, entry.end));
  }

  /** Appends `entries` after the log's frames and saves the index of them all. */
  async append(entries: ReadonlyMap<string, unknown>): Promise<void> {
    const frames = new Map(this.frames);
    const end = await writeFrames(this.file, this.validBytes, entries, frames);
    await writeIndex(`${this.file}.index`, this.logId, end, frames);
  }

  /**
   * Writes `file` anew, through a temporary file and a rename, with `header`, the frames of this log named by
   * `keep` (copied as they are, never decoded), then `entries`.
   */
  async rewrite(header: string, keep: Iterable<string>, entries: ReadonlyMap<string, unknown>): Promise<void> {
    const logId = randomUUID();
    const frames = new Map<string, Frame>();
    const temporary = `${this.file}.${process.pid}.tmp`;
    const handle = await open(temporary, 'w');
    let at = 0;
    try {
      const first = Buffer.from(`${header} ${logId}\n`);
      await handle.write(first);
      at = first.length;
      for (const key of keep) {
        const frame = this.frames.get(key);
        if (frame === undefined || this.fd === undefined) continue;
        const bytes = Buffer.allocUnsafe(frame.bytes);
        readSync(this.fd, bytes, 0, frame.bytes, frame.at);
        await handle.write(bytes);
        frames.set(key, { at, bytes: frame.bytes });
        at += frame.bytes;
      }
    } finally {
      await handle.close();
    }
    const end = await writeFrames(temporary, at, entries, frames);
    await writeIndex(`${temporary}.index`, logId, end, frames);
    this.close();
    await rename(temporary, this.file);
    await rename(`${temporary}.index`, `${this.file}.index`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** A frame's parts when `bytes` holds a whole one at `at` whose checksum holds. */
function decodeFrame(bytes: Buffer, at: number): { kind: number; key: string; valueAt: number; end: number } | undefined {
  if (at + FRAME_HEAD > bytes.length) return undefined;
  const kind = bytes.readUInt8(at);
  const keyEnd = at + FRAME_HEAD + bytes.readUInt32LE(at + 1);
  const end = keyEnd + bytes.readUInt32LE(at + 5);
  if (kind > 1 || end > bytes.length || crc32(bytes.subarray(at + FRAME_HEAD, end)) !== bytes.readUInt32LE(at + 9)) return undefined;
  return { kind, key: bytes.toString('utf8', at + FRAME_HEAD, keyEnd), valueAt: keyEnd - at, end: end - at };
}

/**
 * Adds the whole frames between `from` and `to` to `frames`; returns where the last whole one ends. Reading stops
 * at the first frame that is cut short or does not check out: what follows cannot be told apart from noise.
 */
function scanFrames(fd: number, from: number, to: number, frames: Map<string, Frame>): number {
  let at = from;
  let buffer: Buffer = Buffer.alloc(0);
  let bufferAt = at;
  while (at + FRAME_HEAD <= to) {
    if (at + FRAME_HEAD > bufferAt + buffer.length) [buffer, bufferAt] = [readAt(fd, at, SCAN_BYTES, to), at];
    const frameBytes = FRAME_HEAD + buffer.readUInt32LE(at - bufferAt + 1) + buffer.readUInt32LE(at - bufferAt + 5);
    if (at + frameBytes > to) break;
    if (at + frameBytes > bufferAt + buffer.length) [buffer, bufferAt] = [readAt(fd, at, Math.max(SCAN_BYTES, frameBytes), to), at];
    const entry = decodeFrame(buffer, at - bufferAt);
    if (entry === undefined) break;
    frames.set(entry.key, { at, bytes: frameBytes });
    at += frameBytes;
  }
  return at;
}

function readAt(fd: number, at: number, length: number, end: number): Buffer {
  const bytes = Buffer.allocUnsafe(Math.min(length, end - at));
  return bytes.subarray(0, readSync(fd, bytes, 0, bytes.length, at));
}

async function readIndex(file: string, logId: string, logBytes: number): Promise<SavedIndex | undefined> {
  try {
    const index = deserialize(await readFile(file)) as SavedIndex;
    const whole = index.logId === logId && index.logBytes <= logBytes && index.frames instanceof Float64Array &&
      Array.isArray(index.keys) && index.frames.length === 2 * index.keys.length;
    return whole ? index : undefined;
  } catch {
    return undefined;
  }
}

async function writeIndex(file: string, logId: string, logBytes: number, frames: ReadonlyMap<string, Frame>): Promise<void> {
  const keys = [...frames.keys()];
  const spans = new Float64Array(2 * keys.length);
  keys.forEach((key, i) => {
    const frame = frames.get(key)!;
    spans[2 * i] = frame.at;
    spans[2 * i + 1] = frame.bytes;
  });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, serialize({ logId, logBytes, keys, frames: spans } satisfies SavedIndex));
  await rename(temporary, file);
}

/**
 * Appends a frame per entry through one reused buffer to `file`, whose length is `start`, recording
 * each frame in `frames`; returns the file's new length. A buffer per entry, or one for the whole cache, would add
 * hundreds of megabytes to the build's peak memory before the garbage collector frees them.
 */
async function writeFrames(
  file: string,
  start: number,
  entries: ReadonlyMap<string, unknown>,
  frames: Map<string, Frame>,
): Promise<number> {
  const handle = await open(file, 'a');
  let written = start;
  try {
    let buffer = Buffer.allocUnsafe(WRITE_BUFFER_BYTES);
    let at = 0;
    for (const [key, value] of entries) {
        // UTF-8 cannot carry a lone surrogate: such a text goes as V8 serialises it, which keeps every code unit.
        const serialized = typeof value === 'string' && value.isWellFormed() ? undefined : serialize(value);
        const keyBytes = Buffer.byteLength(key);
        const valueBytes = serialized?.length ?? Buffer.byteLength(value as string);
        const frameBytes = FRAME_HEAD + keyBytes + valueBytes;
        if (at + frameBytes > buffer.length) {
          await handle.write(buffer, 0, at);
          written += at;
          at = 0;
          if (frameBytes > buffer.length) buffer = Buffer.allocUnsafe(frameBytes);
        }
        buffer.writeUInt8(serialized === undefined ? 0 : 1, at);
        buffer.writeUInt32LE(keyBytes, at + 1);
        buffer.writeUInt32LE(valueBytes, at + 5);
        buffer.write(key, at + FRAME_HEAD);
        if (serialized === undefined) buffer.write(value as string, at + FRAME_HEAD + keyBytes);
        else serialized.copy(buffer, at + FRAME_HEAD + keyBytes);
        buffer.writeUInt32LE(crc32(buffer.subarray(at + FRAME_HEAD, at + frameBytes)), at + 9);
        frames.set(key, { at: written + at, bytes: frameBytes });
        at += frameBytes;
    }
    if (at > 0) await handle.write(buffer, 0, at);
    written += at;
  } finally {
    await handle.close();
  }
  return written;
}
