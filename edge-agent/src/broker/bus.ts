/**
 * How the edge talks to its devices, whichever broker carries the messages: the embedded aedes
 * (the edge is the broker and enforces authentication and the topic ACL) or an external broker
 * (the edge is one more client; that broker must enforce both).
 */
export interface DeviceBus {
  readonly mode: 'embedded' | 'external'
  /** Publishes as the edge; QoS 1 resolves once the broker has it. */
  publish(topic: string, payload: string | Buffer, options?: { retain?: boolean }): Promise<void>
  /** Every request and status message of the hall's devices, with the device id from the topic. */
  onMessage(handler: (device: string, leaf: 'req' | 'status', payload: Buffer) => void): void
  /** A device's connection ended (embedded broker only: clean or not). */
  onDisconnect(handler: (device: string) => void): void
  /** Devices connected now (embedded), or 0 when the broker is not ours to count. */
  connectedDevices(): number
  /** Whether the edge can reach the broker (always true when embedded). */
  connected(): boolean
  /** Listening ports (embedded broker). */
  readonly ports: { tcp?: number; ws?: number }
  /** Stops accepting, disconnects, closes. Idempotent. */
  close(): Promise<void>
}
