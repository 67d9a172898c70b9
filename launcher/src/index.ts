/**
 * The district launcher (`qms-district`, `npm start`): a whole district on one machine — the
 * cloud, halls with their embedded brokers, virtual printers, simulated devices and arrivals.
 */
export { createDistrict, District, type DistrictEvent, type HallRun } from './district.js'
export { type CloudReady, cloudReady, type EdgeReady, edgeReady } from './halls/processes.js'
export { DEFAULT_PORTS, type HallPorts, type PortMode } from './layout/ports.js'
export { DEFAULT_HALLS, DEFAULT_SCENARIO, DEFAULT_SPEED, type DistrictOptions } from './options.js'
export type { CloudUrls, DistrictUrls, HallUrls } from './output/urls.js'
export type { ExitInfo } from './processes/child.js'
export { Supervised } from './processes/supervised.js'
export { findProgram, searchPath } from './services/binaries.js'
export { probeNats, probeRedis } from './services/probe.js'
export { INSTALL_HINT, type Service } from './services/services.js'
export { scoreFor } from './sim/booth.js'
export type { TrafficProgress } from './sim/traffic.js'
