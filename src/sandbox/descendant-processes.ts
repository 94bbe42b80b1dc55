import { execFileSync } from 'node:child_process';

/** Processes descended from `root` (default: this process), not counting the `ps` that lists them. */
export function descendantProcesses(root = process.pid): number[] {
  const children = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' }).trim().split('\n')) {
    const [pid, parent, command] = line.trim().split(/\s+/);
    if (command === 'ps') continue;
    const siblings = children.get(Number(parent)) ?? [];
    siblings.push(Number(pid));
    children.set(Number(parent), siblings);
  }
  const found: number[] = [];
  const pending = [...(children.get(root) ?? [])];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    found.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return found;
}
