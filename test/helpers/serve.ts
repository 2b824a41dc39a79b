/** Real `icc-assistant serve` processes for replica tests: started on a free port, stopped together. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './app.js';

export class ServeProcesses {
  private readonly children: ChildProcess[] = [];

  /** Starts one `serve --port 0`; resolves with its base URL once it listens. */
  start(env: Record<string, string>): Promise<string> {
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'icc-assistant.js'), 'serve', '--port', '0'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    this.children.push(child);
    let stderr = '';
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${stderr}`)), 40_000);
      child.stderr!.on('data', (d) => {
        stderr += d;
        const m = /listening on (http:\/\/\S+)/.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!.replace('localhost', '127.0.0.1'));
        }
      });
    });
  }

  stopAll(): void {
    for (const c of this.children) c.kill('SIGTERM');
  }
}
