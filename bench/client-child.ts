// A client process of the benchmark: hosts a share of the clients and runs what the runner asks.
import { serve, type ClientRequest } from './ipc.js'
import { DraftingRoom } from './drafting.js'
import { SessionOpens } from './opens.js'

const room = new DraftingRoom()
const opens = new SessionOpens()

// Every y-websocket provider adds a process 'exit' listener; dozens per process are expected here.
process.setMaxListeners(0)

serve(async (m) => {
  const req = m as unknown as ClientRequest
  switch (req.cmd) {
    case 'join': return room.join(req.endpoint, req.ids)
    case 'draft': return room.draft(req)
    case 'progress': return room.progress()
    case 'results': return room.results()
    case 'open': return opens.open(req.endpoint, req.ids, req.articles, req.timeoutMs)
    case 'leave': room.leave(); opens.leave(); return null
  }
})
process.on('disconnect', () => process.exit(0))
