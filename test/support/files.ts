/** Test files with known content and digest, written to a temporary folder. */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestFile {
  path: string;
  size: number;
  sha256: string;
}

export class TestFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'nearcast-files-'));

  /** A file of `size` random bytes, written 4 MiB at a time. */
  create(name: string, size: number): TestFile {
    const path = join(this.dir, name);
    const hash = createHash('sha256');
    const fd = openSync(path, 'w');
    for (let written = 0; written < size;) {
      const block = randomBytes(Math.min(4 * 1024 * 1024, size - written));
      writeSync(fd, block);
      hash.update(block);
      written += block.length;
    }
    closeSync(fd);
    return { path, size, sha256: hash.digest('hex') };
  }

  /** Deletes one file early (large benchmark files add up). */
  remove(file: TestFile): void {
    rmSync(file.path, { force: true });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
