/*
 * JSON over HTTP to the cloud, with a time limit. Changes carry the session's CSRF token in the
 * `x-csrf-token` header (the console sets it after signing in); failures become `ApiError` with
 * the protocol's error code.
 */

const CSRF_HEADER = 'x-csrf-token'
let csrfToken: string | undefined

/** The token every POST, PUT, PATCH and DELETE sends (from the session). */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly messageZh: string | undefined,
    message: string,
  ) {
    super(message)
  }
}

export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; timeoutMs?: number } = {},
): Promise<T> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), init.timeoutMs ?? 10_000)
  const method = init.method ?? 'GET'
  const headers: Record<string, string> = { accept: 'application/json' }
  if (init.body !== undefined) headers['content-type'] = 'application/json'
  if (method !== 'GET' && csrfToken !== undefined) headers[CSRF_HEADER] = csrfToken
  try {
    const res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      signal: controller.signal,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    })
    const text = await res.text()
    let body: unknown
    try {
      body = text === '' ? undefined : JSON.parse(text)
    } catch {
      body = undefined
    }
    if (!res.ok) {
      const e = (body ?? {}) as { code?: unknown; message?: unknown; messageZh?: unknown }
      throw new ApiError(
        res.status,
        typeof e.code === 'string' ? e.code : undefined,
        typeof e.messageZh === 'string' ? e.messageZh : undefined,
        typeof e.message === 'string' ? e.message : `HTTP ${res.status}`,
      )
    }
    return body as T
  } catch (err) {
    if (err instanceof ApiError) throw err
    throw new ApiError(0, 'NETWORK', '网络异常', (err as Error).message)
  } finally {
    clearTimeout(timer)
  }
}
