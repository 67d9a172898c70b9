export {
  type AnswerRow,
  type Journal,
  type JournalOptions,
  openJournal,
  type PendingEvent,
  type SyncMode,
} from './journal.js'
export type { JournalReader } from './reader.js'
