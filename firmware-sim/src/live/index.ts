export { LiveHall, type LiveHallOptions } from './live-hall.js'
export { type LiveOptions, runLive } from './run.js'
export { createScaledClock, type ScaledClock } from './scaled-clock.js'
