/** `--db PATH`, else the `RLVR_DB` environment variable, else `rlvr.db` in the working directory. */
export function resolveDatabasePath(option?: string): string {
  return option ?? process.env.RLVR_DB ?? 'rlvr.db';
}
