import { createServer } from 'node:net';

/** Asks the OS for a free loopback port (for children that need a number up front, like Java). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000} s`);
}

/** Whether `port` can be bound on `host` now. */
function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Checks every port before anything starts, so a busy one (another `npm start`, a leftover
 * process) is named at once instead of failing halfway or quietly talking to a stranger.
 */
export async function assertPortsFree(ports: Record<string, number>, host: string): Promise<void> {
  const busy: string[] = [];
  for (const [variable, port] of Object.entries(ports)) {
    if (port !== 0 && !(await canListen(port, host))) busy.push(`${port} (${variable})`);
  }
  if (busy.length > 0) {
    throw new Error(
      `포트가 이미 사용 중입니다 (port in use): ${busy.join(', ')}. ` +
        'Stop the process that holds it (another npm start?) or choose another port with the variable named.',
    );
  }
}
