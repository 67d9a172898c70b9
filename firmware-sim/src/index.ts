/** Simulated hall devices, the virtual printer and the scenario runner. */

export * from './serial/index.js'
