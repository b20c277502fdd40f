// Every WebSocket close code of the sync endpoint is defined in editor/model/sync-messages.ts
// (`CloseCode`), where the editor reads them too; this name serves the modules that still import
// it from here (room.ts).
export { CloseCode as SyncClose } from '../../editor/model/sync-messages.js'
