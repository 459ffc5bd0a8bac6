import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';

/** Whether a process with this id runs (EPERM: it does, as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes `file` as an exclusive lock for this process (its pid inside), so two processes never
 * write the same data directory. A lock left by a process that is gone (kill -9) is taken over; one
 * held by a live process (this one included) throws, naming `what` and the holder. Answers the
 * release, which removes the file if it is still this process's.
 */
export function acquireLockFile(file: string, what: string): () => void {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = holderOf(file);
      if (holder !== undefined && isAlive(holder)) {
        throw new Error(
          `${what} is in use by process ${holder}${holder === process.pid ? ' (this one)' : ''}: lock file ${file}. ` +
            'Is another npm start running with the same DATA_DIR? Stop it, or give this one another DATA_DIR.',
        );
      }
      rmSync(file, { force: true }); // stale: its process died without releasing it
      continue;
    }
    try {
      writeSync(fd, `${process.pid}\n`);
    } finally {
      closeSync(fd);
    }
    if (holderOf(file) !== process.pid) continue; // another process took over the stale lock meanwhile
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (holderOf(file) === process.pid) rmSync(file, { force: true });
    };
  }
  throw new Error(`${what}: could not take the lock file ${file}`);
}
