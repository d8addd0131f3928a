// The reference server of the socket.io benchmark (docs/benchmarks-socketio.md): the npm `socket.io` 4.x server
// doing what Switchboard does for the same workload, so both are driven by the same clients and the same app.
//   - namespace "/" on --port, WebSocket and polling as socket.io ships them;
//   - every connect POSTs the SPEC §6 `open` webhook to the app and joins the rooms of its reply (a `reject`
//     refuses the connect); every client event POSTs `message` and answers the client's ack with the reply's `ack`;
//     a disconnect POSTs `close`. One keep-alive HTTP agent, as Switchboard keeps its connections to the app;
//   - a control port: `POST /emit {"room","event","args"}` emits to the room and answers `{"reached":N}` (the
//     load tool's trigger, the counterpart of Switchboard's POST /api/send); `GET /health/ready` answers 200.
// Usage: node bench-server.js --port P --control-port C --app-url http://127.0.0.1:A/socketio
'use strict';

const http = require('http');
const { Server } = require('socket.io');

function option(name, fallback) {
  const at = process.argv.indexOf('--' + name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const port = Number(option('port', '3300'));
const controlPort = Number(option('control-port', '3301'));
const app = new URL(option('app-url', 'http://127.0.0.1:3010/socketio'));
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs one webhook call; resolves with the parsed reply body ({} when empty), rejects on non-2xx. */
function callApp(body) {
  const bytes = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const request = http.request({
      host: app.hostname, port: app.port, path: app.pathname, method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', 'Content-Length': bytes.length },
    }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode < 200 || response.statusCode >= 300) {
          reject(new Error('app answered ' + response.statusCode));
          return;
        }
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve(text.length === 0 ? {} : JSON.parse(text));
        } catch (e) {
          resolve({});
        }
      });
    });
    request.on('error', reject);
    request.end(bytes);
  });
}

/** The installed socket.io's version (its package.json is not exported, so read from the file). */
function socketIoVersion() {
  const file = require('path').join(require.resolve('socket.io').split('/dist/')[0], 'package.json');
  return JSON.parse(require('fs').readFileSync(file, 'utf8')).version;
}

function webhook(socket, action, data) {
  return callApp({ action, dialect: 'socketio', conn_id: socket.id, user_name: '', token: null, data });
}

const httpServer = http.createServer();
const io = new Server(httpServer, { serveClient: false, cors: { origin: '*' } });

io.use((socket, next) => {
  webhook(socket, 'open', {
    namespace: socket.nsp.name, auth: socket.handshake.auth || {}, query: socket.handshake.query,
    headers: socket.handshake.headers,
  }).then((reply) => {
    if (reply.reject) {
      const refused = new Error(reply.reject.message || 'rejected');
      refused.data = reply.reject.data;
      next(refused);
      return;
    }
    (reply.rooms || []).forEach((room) => socket.join(room));
    next();
    (reply.emit || []).forEach((emit) => socket.emit(emit.event, ...(emit.args || [])));
  }, () => next(new Error('the app did not accept the connection')));
});

io.on('connection', (socket) => {
  socket.onAny((event, ...args) => {
    const ack = typeof args[args.length - 1] === 'function' ? args.pop() : null;
    webhook(socket, 'message', { namespace: socket.nsp.name, event, args }).then((reply) => {
      (reply.rooms || []).forEach((room) => socket.join(room));
      (reply.emit || []).forEach((emit) => socket.emit(emit.event, ...(emit.args || [])));
      if (ack && Array.isArray(reply.ack)) {
        ack(...reply.ack);
      }
    }, () => {});
  });
  socket.on('disconnect', (reason) => {
    webhook(socket, 'close', { namespace: socket.nsp.name, reason }).catch(() => {});
  });
});

const control = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/health/ready') {
    response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"status":"UP"}');
    return;
  }
  if (request.method !== 'POST' || request.url !== '/emit') {
    response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"message":"not found"}');
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    let emit;
    try {
      emit = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch (e) {
      response.writeHead(400, { 'Content-Type': 'application/json' }).end('{"message":"invalid JSON"}');
      return;
    }
    io.to(emit.room).emit(emit.event, ...(emit.args || []));
    const members = io.of('/').adapter.rooms.get(emit.room);
    response.writeHead(200, { 'Content-Type': 'application/json' })
      .end('{"reached":' + (members ? members.size : 0) + '}');
  });
});

httpServer.listen(port, '127.0.0.1', () => {
  control.listen(controlPort, '127.0.0.1', () => {
    console.log('socket.io ' + socketIoVersion() + ' bench server on ' + port
      + ', control on ' + controlPort + ', app ' + app.href);
  });
});

process.on('SIGTERM', () => process.exit(0));
