/** Simulated hall devices, the virtual printer and the scenario runner. */

export * from './devices/index.js'
export * from './printer/index.js'
export * from './serial/index.js'
