// Fails CI early, with a clear message, when NATS lacks JetStream or Redis does not answer.
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { Redis } from 'ioredis'

const natsUrl = process.env.QMS_TEST_NATS_URL ?? 'nats://127.0.0.1:4222'
const redisUrl = process.env.QMS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

try {
  const nc = await connect({ servers: natsUrl, reconnect: false, timeout: 3000 })
  const jsm = await jetstreamManager(nc)
  const info = await jsm.getAccountInfo()
  await nc.close()
  process.stdout.write(`NATS ${natsUrl}: JetStream on, ${info.streams} streams\n`)
} catch (err) {
  process.stderr.write(`NATS ${natsUrl} with JetStream is required: ${err.message}\n`)
  process.exit(1)
}

const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
try {
  await redis.connect()
  process.stdout.write(`Redis ${redisUrl}: ${await redis.ping()}\n`)
} catch (err) {
  process.stderr.write(`Redis ${redisUrl} is required: ${err.message}\n`)
  process.exit(1)
} finally {
  redis.disconnect()
}
