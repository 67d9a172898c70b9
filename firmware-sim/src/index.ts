/** Simulated hall devices, the virtual printer and the scenario runner. */

export * from './accelerated/index.js'
export * from './devices/index.js'
export * from './live/index.js'
export * from './printer/index.js'
export * from './queueing/index.js'
export * from './results/index.js'
export * from './scenario/index.js'
export * from './serial/index.js'
