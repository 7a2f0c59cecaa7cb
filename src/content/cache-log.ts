/**
 * @module The build cache's files: an append-only log of entries and an index of where each one lies, so a
 * build reads only the entries it uses, and only when it uses them.
 *
 * The log starts with a header line, `<format> <fingerprint> <log id>`, then one frame per entry:
 * `kind (1 byte) | key length | value length | CRC-32 of key and value (4 bytes each) | key | value`.
 * Well-formed texts (kind 0) are stored as UTF-8, half the size of V8's serialisation of a string with any
 * character past U+00FF; other values (kind 1) as V8 serialises them. A later frame with the same key wins.
 * Frames are appended through one write buffer, from which they are read until it goes to the file.
 *
 * The index (`<log>.index`) says where every frame of the log lay when it was last saved, by a hash of its key, and
 * which log that was. Without it, or when it does not match the log, the log is read whole once. Each read checks
 * that the frame holds the key asked for and that its checksum holds: a damaged entry, or one whose key shares a
 * hash with the key asked for, reads as missing, never as a wrong value.
 */

import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { open, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { crc32 } from 'node:zlib';
import { MAX_UTF8_BYTES_PER_UNIT } from './characters';
import { lowerBound } from './sorted-numbers';

/** Where one frame lies in the log. */
export interface Frame {
  readonly at: number;
  readonly bytes: number;
}

const FRAME_HEAD = 13;
const WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
const REPLACEMENT_CHARACTER = Buffer.from('\uFFFD');
/** Reads past the end of the indexed part (what a build that stopped before saving its index appended) in pieces this large. */
const SCAN_BYTES = 16 * 1024 * 1024;

/** What a saved index holds. */
interface SavedIndex {
  readonly logId: string;
  readonly logBytes: number;
  /** The frames' key hashes (see `keyHash`), ascending. */
  readonly hashes: Float64Array;
  /** Start and length of the frame of `hashes[i]`'s key at `2i` and `2i + 1`. */
  readonly frames: Float64Array;
}

/**
 * A key's hash, as an index file lists it: 53 bits (an exact double) from two 32-bit multiplicative hashes of its
 * UTF-16 code units. An index of numbers is read in a few milliseconds, where the 65k keys of a 10k-article site,
 * as strings, took ~90 ms to read and a share of every rebuild's garbage collection. Among such a site's keys, two
 * share a hash about once in two million builds; a read checks the key its frame holds, so one of the two then
 * reads as missing, and the build renders it again or starts over without the cache.
 */
export function keyHash(key: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const unit = key.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x5bd1e995);
    b ^= b >>> 13;
  }
  // Murmur3's finaliser, so the last code units reach every bit.
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  a ^= a >>> 13;
  return (a >>> 0) * 0x200000 + ((b >>> 0) >>> 11);
}

/**
 * Frames by key. Those an index file listed stay as it gave them, by key hash in one array of numbers and their
 * places in another, and are found by binary search; those added since (appended, or read past the index) are in a
 * map, by key. A build of a 10k-article site opens an index of 65k frames and looks up a few thousand: a map of them
 * all took ~30 ms to make, and 65k `{ at, bytes }` objects more to collect.
 */
export class FrameMap {
  /** The index file's key hashes, ascending. */
  readonly #listed: Float64Array<ArrayBufferLike>;
  /** Start and length of the frame of `#listed[i]`'s key at `2i` and `2i + 1`. */
  readonly #listedFrames: Float64Array<ArrayBufferLike>;
  /** Frames added since, by key, as slots of `#at` and `#bytes`; they win over listed ones. */
  readonly #added = new Map<string, number>();
  readonly #at: number[] = [];
  readonly #bytes: number[] = [];
  /** Of the added keys, those whose hash is also listed. */
  #shadowed = 0;

  constructor(listed: Float64Array<ArrayBufferLike> = new Float64Array(0), listedFrames: Float64Array<ArrayBufferLike> = new Float64Array(0)) {
    this.#listed = listed;
    this.#listedFrames = listedFrames;
  }

  get size(): number {
    return this.#listed.length + this.#added.size - this.#shadowed;
  }

  has(key: string): boolean {
    return this.#added.has(key) || this.#find(key) >= 0;
  }

  get(key: string): Frame | undefined {
    const slot = this.#added.get(key);
    if (slot !== undefined) return { at: this.#at[slot]!, bytes: this.#bytes[slot]! };
    const i = this.#find(key);
    return i < 0 ? undefined : { at: this.#listedFrames[2 * i]!, bytes: this.#listedFrames[2 * i + 1]! };
  }

  set(key: string, at: number, bytes: number): void {
    const slot = this.#added.get(key);
    if (slot !== undefined) {
      this.#at[slot] = at;
      this.#bytes[slot] = bytes;
      return;
    }
    if (this.#find(key) >= 0) this.#shadowed++;
    this.#added.set(key, this.#at.push(at) - 1);
    this.#bytes.push(bytes);
  }

  /**
   * Every frame by key hash, ascending, and the start and length of `hashes[i]`'s frame at `2i` and `2i + 1`: what an
   * index file holds. The listed frames are copied in runs between the added ones (a rebuild adds a few hundred frames
   * to the ~65k of a 10k-article site), and the lists returned are views of the arrays filled: a merge element by
   * element, then copies of the arrays to their length, took ~19 ms of each such rebuild, ~8 ms this way.
   */
  toIndex(): { hashes: Float64Array; frames: Float64Array } {
    const added = [...this.#added].map(([key, slot]) => [keyHash(key), slot] as const).sort(([a], [b]) => a - b);
    const [listed, listedFrames] = [this.#listed, this.#listedFrames];
    const hashes = new Float64Array(listed.length + added.length);
    const frames = new Float64Array(2 * hashes.length);
    let [length, from] = [0, 0];
    const copyListed = (to: number) => {
      hashes.set(listed.subarray(from, to), length);
      frames.set(listedFrames.subarray(2 * from, 2 * to), 2 * length);
      length += to - from;
      from = to;
    };
    for (const [hash, slot] of added) {
      // Only when there are listed frames to copy: a first build adds all of its ~65k and lists none.
      const to = lowerBound(listed, hash);
      if (to > from) copyListed(to);
      hashes[length] = hash;
      frames[2 * length] = this.#at[slot]!;
      frames[2 * length + 1] = this.#bytes[slot]!;
      length++;
      // An added frame wins over a listed one with its hash.
      while (from < listed.length && listed[from] === hash) from++;
    }
    copyListed(listed.length);
    return { hashes: hashes.subarray(0, length), frames: frames.subarray(0, 2 * length) };
  }

  /** Where `key`'s hash is among the listed ones, or -1. A cold build lists none, and hashes none of its keys here. */
  #find(key: string): number {
    const listed = this.#listed;
    if (listed.length === 0) return -1;
    const hash = keyHash(key);
    const i = lowerBound(listed, hash);
    return listed[i] === hash ? i : -1;
  }
}

export class CacheLog {
  /** Every readable frame, by key; a later frame with the same key replaces an earlier one. */
  #frames = new FrameMap();
  /** Where the frames start, after the header line; 0 while there is no file. */
  headerBytes = 0;
  /** The log's length up to its last whole frame; the rest, if any, was cut off by a stopped build. */
  validBytes = 0;
  fileBytes = 0;
  #logId = '';
  #fd: number | undefined;
  /** How much of the log the index on disk lists; 0 when there is none for this log. */
  #indexedBytes = 0;
  /** What `readUtf8` reads into: one buffer for every text, where one each took the kernel's fresh pages. */
  #scratch = Buffer.allocUnsafe(64 * 1024);
  /**
   * Frames appended and not written yet, from its start: the log's last `#pendingBytes` bytes. One buffer for all
   * of them: a buffer per text added the size of every page and item to the build's memory until the garbage
   * collector freed it.
   */
  #pending = Buffer.alloc(0);
  #pendingBytes = 0;

  get frames(): Pick<FrameMap, 'size' | 'has' | 'get'> {
    return this.#frames;
  }

  /**
   * `header` (format and fingerprint) starts the file when this log has to write it. Appended frames go to the file
   * `writeBufferBytes` at a time.
   */
  private constructor(readonly file: string, readonly header: string, readonly writeBufferBytes = WRITE_BUFFER_BYTES) {}

  /** A log that has no file yet, or whose file is another build's and is written anew on the first append. */
  static empty(file: string, header: string, writeBufferBytes?: number): CacheLog {
    return new CacheLog(file, header, writeBufferBytes);
  }

  /**
   * The log in `file` when its header names `header` (format and fingerprint); otherwise undefined when there
   * is no file, or the header the file has.
   */
  static async open(file: string, header: string, writeBufferBytes?: number): Promise<CacheLog | { readonly foundHeader: string } | undefined> {
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
    const log = new CacheLog(file, header, writeBufferBytes);
    log.#fd = fd;
    log.#logId = logId;
    log.headerBytes = newline + 1;
    log.fileBytes = fileBytes;
    const index = await readIndex(`${file}.index`, logId, fileBytes);
    let from = log.headerBytes;
    if (index) {
      log.#frames = new FrameMap(index.hashes, index.frames);
      from = log.#indexedBytes = index.logBytes;
    }
    log.validBytes = scanFrames(fd, from, fileBytes, log.#frames);
    return log;
  }

  /** The value stored for `key`, or undefined when there is none or its frame does not check out. */
  read(key: string): unknown {
    const found = this.#readFrame(key, (bytes) => Buffer.allocUnsafe(bytes));
    if (found === undefined) return undefined;
    const { bytes, entry } = found;
    return entry.kind === 0 ? bytes.toString('utf8', entry.valueAt, entry.end) : deserialize(bytes.subarray(entry.valueAt, entry.end));
  }

  /**
   * The UTF-8 bytes of the text stored for `key`, without making a string of them: undefined when there is none,
   * when the value is not a text (kind 0), or when its frame does not check out. The bytes are in a buffer the
   * next call reuses: valid until then.
   */
  readUtf8(key: string): Buffer | undefined {
    const found = this.#readFrame(key, (bytes) => {
      if (bytes > this.#scratch.length) this.#scratch = Buffer.allocUnsafe(Math.max(bytes, 2 * this.#scratch.length));
      return this.#scratch.subarray(0, bytes);
    });
    return found?.entry.kind === 0 ? found.bytes.subarray(found.entry.valueAt, found.entry.end) : undefined;
  }

  /** The frame stored for `key`, read into the buffer `into` gives for its size, once it checks out. */
  #readFrame(key: string, into: (bytes: number) => Buffer): { bytes: Buffer; entry: DecodedFrame } | undefined {
    const frame = this.frames.get(key);
    if (frame === undefined) return undefined;
    if (this.#fd === undefined) throw new Error(`build cache: ${key} was read after the cache was saved`);
    const bytes = into(frame.bytes);
    const pendingAt = this.validBytes - this.#pendingBytes;
    if (frame.at >= pendingAt) this.#pending.copy(bytes, 0, frame.at - pendingAt, frame.at - pendingAt + frame.bytes);
    else if (readSync(this.#fd, bytes, 0, frame.bytes, frame.at) !== frame.bytes) return undefined;
    const entry = decodeFrame(bytes, 0);
    return entry === undefined || entry.end !== frame.bytes || entry.key !== key ? undefined : { bytes, entry };
  }

  /**
   * About the UTF-8 size of the text stored for `key`, from where its frame lies, without reading it: exact for a
   * text, the size of its serialisation for another value. Undefined when there is no frame for `key`.
   */
  utf8Size(key: string): number | undefined {
    const frame = this.frames.get(key);
    return frame === undefined ? undefined : frame.bytes - FRAME_HEAD - Buffer.byteLength(key);
  }

  /**
   * Appends a frame for `key` after the last whole frame: into the write buffer, which goes to the file when the
   * next frame does not fit, or on `flush`. Reads find it at once, in the buffer or in the file. The first append
   * starts the file when there is none (or it is another build's), and cuts off what a stopped build left after
   * its last whole frame. The index is written by `saveIndex`.
   */
  append(key: string, value: unknown): void {
    if (this.headerBytes === 0) this.#startFile();
    else if (this.fileBytes > this.validBytes) {
      truncateSync(this.file, this.validBytes);
      this.fileBytes = this.validBytes;
    }
    const keyBytes = Buffer.byteLength(key);
    if (typeof value === 'string' && this.#appendText(key, keyBytes, value)) return;
    const serialized = serialize(value);
    const valueAt = this.#reserve(FRAME_HEAD + keyBytes + serialized.length) + FRAME_HEAD + keyBytes;
    serialized.copy(this.#pending, valueAt);
    this.#seal(1, key, keyBytes, serialized.length);
  }

  /**
   * Appends `text` as UTF-8 (kind 0); false, with nothing appended, when it has a lone surrogate, which UTF-8
   * cannot carry: such a text goes as V8 serialises it, which keeps every code unit.
   */
  #appendText(key: string, keyBytes: number, text: string): boolean {
    const most = FRAME_HEAD + keyBytes + MAX_UTF8_BYTES_PER_UNIT * text.length;
    const valueAt = this.#reserve(most <= this.writeBufferBytes ? most : FRAME_HEAD + keyBytes + Buffer.byteLength(text)) + FRAME_HEAD + keyBytes;
    const valueBytes = this.#pending.write(text, valueAt);
    // The encoder writes a lone surrogate as U+FFFD: a text without one in its bytes has none.
    if (this.#pending.subarray(valueAt, valueAt + valueBytes).includes(REPLACEMENT_CHARACTER) && !text.isWellFormed()) return false;
    this.#seal(0, key, keyBytes, valueBytes);
    return true;
  }

  /**
   * Where a frame of `bytes` starts in the write buffer, with room for it: the buffer goes to the file first when
   * the frame does not fit.
   */
  #reserve(bytes: number): number {
    if (this.#pendingBytes + bytes > this.#pending.length) {
      this.flush();
      // The first frame, or one larger than the buffer: a buffer it fits in.
      if (bytes > this.#pending.length) this.#pending = Buffer.allocUnsafe(Math.max(bytes, this.writeBufferBytes));
    }
    return this.#pendingBytes;
  }

  /** Completes the frame at the end of the write buffer, whose value is in place: its head, key and checksum. */
  #seal(kind: 0 | 1, key: string, keyBytes: number, valueBytes: number): void {
    const buffer = this.#pending;
    const at = this.#pendingBytes;
    const frameBytes = FRAME_HEAD + keyBytes + valueBytes;
    buffer.writeUInt8(kind, at);
    buffer.writeUInt32LE(keyBytes, at + 1);
    buffer.writeUInt32LE(valueBytes, at + 5);
    buffer.write(key, at + FRAME_HEAD);
    buffer.writeUInt32LE(crc32(buffer.subarray(at + FRAME_HEAD, at + frameBytes)), at + 9);
    this.#frames.set(key, this.validBytes, frameBytes);
    this.validBytes += frameBytes;
    this.#pendingBytes += frameBytes;
  }

  /** Writes the frames appended since the last write to the file, synchronously. */
  flush(): void {
    if (this.#pendingBytes === 0) return;
    const fd = openSync(this.file, 'a');
    try {
      writeSync(fd, this.#pending, 0, this.#pendingBytes);
    } finally {
      closeSync(fd);
    }
    this.fileBytes = this.validBytes;
    this.#pendingBytes = 0;
  }

  /** Writes the header of a new log, for this build's frames. */
  #startFile(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    this.close();
    this.#logId = randomUUID();
    const first = `${this.header} ${this.#logId}\n`;
    writeFileSync(this.file, first);
    this.headerBytes = this.validBytes = this.fileBytes = Buffer.byteLength(first);
    this.#frames = new FrameMap();
    this.#indexedBytes = 0;
    this.#fd = openSync(this.file, 'r');
  }

  /**
   * Writes the index of every frame, through a temporary file and a rename, unless the index on disk lists all of
   * the log. (It is a few MiB of numbers: cheaper to write after every build that appends than for the next build
   * to read the frames it lacks from the log, checking each.)
   */
  async saveIndex(): Promise<void> {
    this.flush();
    if (this.#indexedBytes === this.validBytes) return;
    await writeIndex(`${this.file}.index`, this.#logId, this.validBytes, this.#frames);
    this.#indexedBytes = this.validBytes;
  }

  /**
   * Writes the file anew, through a temporary file and a rename, with only the frames named by `keep` (copied as
   * they are, never decoded), and its index; this log then reads the new file. Frames are copied in file order,
   * each run of adjacent ones in one read and one write of at most `copyBytes`: one write per frame took 2.3 s
   * for the 53k frames of a 10k-article site.
   */
  async rewrite(keep: Iterable<string>, copyBytes = 8 * 1024 * 1024): Promise<void> {
    this.flush();
    const logId = randomUUID();
    const frames = new FrameMap();
    const temporary = `${this.file}.${process.pid}.tmp`;
    const kept: [string, Frame][] = [];
    for (const key of new Set(keep)) {
      const frame = this.frames.get(key);
      if (frame !== undefined) kept.push([key, frame]);
    }
    kept.sort(([, a], [, b]) => a.at - b.at);
    const handle = await open(temporary, 'w');
    let at = 0;
    try {
      const first = Buffer.from(`${this.header} ${logId}\n`);
      await handle.write(first);
      at = first.length;
      for (let i = 0; i < kept.length && this.#fd !== undefined; ) {
        // The run: frames that follow each other in the file, up to `copyBytes` (or one larger frame).
        const start = kept[i]![1].at;
        let end = start + kept[i]![1].bytes;
        let next = i + 1;
        while (next < kept.length && kept[next]![1].at === end && end + kept[next]![1].bytes - start <= copyBytes) {
          end += kept[next]![1].bytes;
          next++;
        }
        const bytes = Buffer.allocUnsafe(end - start);
        readSync(this.#fd, bytes, 0, bytes.length, start);
        await handle.write(bytes);
        for (; i < next; i++) {
          const [key, frame] = kept[i]!;
          frames.set(key, at + frame.at - start, frame.bytes);
        }
        at += bytes.length;
      }
    } finally {
      await handle.close();
    }
    await writeIndex(`${temporary}.index`, logId, at, frames);
    this.close();
    await rename(temporary, this.file);
    await rename(`${temporary}.index`, `${this.file}.index`);
    this.#fd = openSync(this.file, 'r');
    this.#logId = logId;
    this.#frames = frames;
    this.#indexedBytes = at;
    this.headerBytes = Buffer.byteLength(`${this.header} ${logId}\n`);
    this.validBytes = this.fileBytes = at;
  }

  /**
   * Names the frame that holds `key` now, unlike any frame of any other file or place in this one: a value read
   * from it is the value of a later frame with the same name.
   */
  frameName(key: string): string | undefined {
    const frame = this.frames.get(key);
    return frame === undefined ? undefined : `${this.#logId}:${frame.at}:${frame.bytes}`;
  }

  close(): void {
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}

/** A frame's kind and key, and where its value lies: from `valueAt` to `end`, counted from the frame's start. */
interface DecodedFrame {
  readonly kind: number;
  readonly key: string;
  readonly valueAt: number;
  readonly end: number;
}

/** A frame's parts when `bytes` holds a whole one at `at` whose checksum holds. */
function decodeFrame(bytes: Buffer, at: number): DecodedFrame | undefined {
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
function scanFrames(fd: number, from: number, to: number, frames: FrameMap): number {
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
    frames.set(entry.key, at, frameBytes);
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
    // An index of another layout (before 2026-11-28, one of key strings) fails this, and the log is read whole once.
    const whole = index.logId === logId && index.logBytes <= logBytes && index.frames instanceof Float64Array &&
      index.hashes instanceof Float64Array && index.frames.length === 2 * index.hashes.length;
    return whole ? index : undefined;
  } catch {
    return undefined;
  }
}

async function writeIndex(file: string, logId: string, logBytes: number, frames: FrameMap): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, serialize({ logId, logBytes, ...frames.toIndex() } satisfies SavedIndex));
  await rename(temporary, file);
}
