/*
 * How a line's request becomes a protocol `reqId` (edge-agent/docs/serial.md, "Request ids"):
 *
 *   sl:<device>:<stamp>[:<tag>]
 *
 * `stamp` is the edge clock's millisecond time, base 36, when the edge first read the request;
 * it is made strictly increasing per line, so it alone tells two requests of one line apart.
 * A retry of a tagged request never gets here: the bridge answers it from its retry memory with
 * the first request's answer, so the queue sees the first reqId once. A keypad that reboots and
 * starts its tags again gets new stamps, so its `#1` after a reboot is a new request. MQTT
 * firmware chooses its own reqIds; `sl:` ones are the serial bridge's, and a device cannot
 * guess the edge's stamps.
 */

/** The protocol's limit on a reqId. */
const MAX_REQ_ID = 80

/** FNV-1a, 32 bits: a short stable digest of a long device id. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

/** The reqId of a request first read at `stamp` (see `createStamper`). */
export function serialReqId(device: string, stamp: number, tag?: string): string {
  const tail = `:${stamp.toString(36)}${tag === undefined ? '' : `:${tag}`}`
  const full = `sl:${device}${tail}`
  if (full.length <= MAX_REQ_ID) return full
  // Device ids may be 64 characters; keep the start of the id readable and its digest unique.
  const keep = MAX_REQ_ID - 'sl:'.length - tail.length - 9
  return `sl:${device.slice(0, keep)}-${fnv1a(device)}${tail}`
}

/** Strictly increasing stamps from a clock that may stand still or step back. */
export function createStamper(now: () => number): () => number {
  let last = Number.NEGATIVE_INFINITY
  return () => {
    last = Math.max(Math.floor(now()), last + 1)
    return last
  }
}
