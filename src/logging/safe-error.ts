/**
 * An error reduced to what is safe in a log line: its name, code and message with every run of four or
 * more digits masked (driver messages can quote the values that violated a constraint).
 */
export function safeError(err: unknown): { name: string; code?: string; message: string } {
  const e = err as { name?: string; code?: unknown; message?: unknown };
  const message = String(e?.message ?? err)
    .replace(/\d{4,}/g, '****')
    .slice(0, 500);
  return { name: String(e?.name ?? 'Error'), ...(typeof e?.code === 'string' ? { code: e.code } : {}), message };
}
