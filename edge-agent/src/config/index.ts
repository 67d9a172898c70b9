export { type ConfigProblem, consistencyFix, schemaFix } from './fixes.js'
export {
  defaultCatalogueFile,
  type EdgeEnv,
  type EdgeSettings,
  ENV_OVERRIDES,
  formatProblems,
  type LoadResult,
  loadEdgeSettings,
} from './load.js'
