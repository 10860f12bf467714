/**
 * Reading a file of ours (config, state, a token): only a regular file, up to a size. A FIFO in its place
 * made `tmo status` wait forever in open(), and `/dev/zero` linked there grew the process to 4.7 GB before
 * anything was said. Here the file is opened without blocking (O_NONBLOCK: no effect on a regular file),
 * looked at, and read only if it is a regular file no larger than `maxBytes`; anything else is an error
 * that says what is there. ENOENT and the rest are the file system's own errors, as readFileSync throws.
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';

const MiB = 1024 * 1024;

function kindOf(stat: Stats): string {
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  if (stat.isDirectory()) return 'a directory';
  return 'not a regular file';
}

/** The file's text (UTF-8); throws an error with code ENOTREG or EFBIG where it is not one to read. */
export function readRegularFile(path: string, maxBytes = 16 * MiB): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile())
      throw Object.assign(new Error(`${path} is ${kindOf(stat)}, not a file`), { code: 'ENOTREG' });
    if (stat.size > maxBytes)
      throw Object.assign(new Error(`${path} is larger than ${Math.round(maxBytes / MiB)} MiB`), {
        code: 'EFBIG',
      });
    const buffer = Buffer.allocUnsafe(stat.size);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(fd);
  }
}
