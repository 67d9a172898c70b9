/** JSON over HTTP to the edge, with a time limit: a kiosk must never hang on a lost answer. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`HTTP ${status}`)
  }
}

export async function fetchJson<T>(
  path: string,
  init: RequestInit & { timeoutMs?: number } = {},
): Promise<T> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), init.timeoutMs ?? 10_000)
  try {
    const res = await fetch(path, { ...init, signal: controller.signal })
    const text = await res.text()
    let body: unknown
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      body = undefined
    }
    if (!res.ok) throw new HttpError(res.status, body)
    return body as T
  } finally {
    clearTimeout(timer)
  }
}

/** The `{error: {code, messageZh}}` of a failed edge request, if it has one. */
export function errorBodyOf(err: unknown): { code: string; messageZh?: string } | undefined {
  if (!(err instanceof HttpError)) return undefined
  const e = (err.body as { error?: { code?: unknown; messageZh?: unknown } } | undefined)?.error
  if (typeof e?.code !== 'string') return undefined
  return typeof e.messageZh === 'string'
    ? { code: e.code, messageZh: e.messageZh }
    : { code: e.code }
}
