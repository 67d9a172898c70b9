export { registerCloudPages } from './pages.js'
export { cloudPagesDir, demoUsersPath } from './paths.js'
export { type ConsolePluginOptions, consolePlugin } from './plugin.js'
