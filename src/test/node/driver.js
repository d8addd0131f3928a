// Drives the official socket.io client for the JUnit end-to-end tests (SocketIoNodeClient).
// stdin: one JSON command per line; stdout: one JSON event per line. Binaries travel as {"$b64": "..."}.
const readline = require('readline');
const { io, Manager } = require('socket.io-client');

const sockets = new Map();
const out = (event) => process.stdout.write(JSON.stringify(event) + '\n');

const toWire = (value) => {
  if (value && typeof value === 'object') {
    if (typeof value.$b64 === 'string') return Buffer.from(value.$b64, 'base64');
    if (Array.isArray(value)) return value.map(toWire);
    const copy = {};
    for (const [k, v] of Object.entries(value)) copy[k] = toWire(v);
    return copy;
  }
  return value;
};
const fromWire = (value) => {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    return { $b64: Buffer.from(value.buffer ? Buffer.from(value.buffer, value.byteOffset, value.byteLength) : value).toString('base64') };
  }
  if (value && typeof value === 'object') {
    if (Array.isArray(value)) return value.map(fromWire);
    const copy = {};
    for (const [k, v] of Object.entries(value)) copy[k] = fromWire(v);
    return copy;
  }
  return value;
};

function connect(cmd) {
  const options = Object.assign({ reconnection: false, forceNew: true }, cmd.options || {});
  const socket = io(cmd.url, options);
  const client = cmd.client;
  sockets.set(client, socket);
  socket.on('connect', () => {
    const engine = socket.io.engine;
    out({ client, type: 'connect', id: socket.id, transport: engine.transport.name, recovered: socket.recovered === true });
    engine.on('upgrade', (transport) => out({ client, type: 'upgrade', transport: transport.name }));
  });
  socket.on('connect_error', (err) => out({ client, type: 'connect_error', message: err.message, data: err.data === undefined ? null : err.data }));
  socket.on('disconnect', (reason) => out({ client, type: 'disconnect', reason }));
  socket.onAny((name, ...args) => {
    const last = args[args.length - 1];
    if (typeof last === 'function' && cmd.noAck) {
      args.pop();
      out({ client, type: 'event', name, args: fromWire(args), acked: false });
    } else if (typeof last === 'function') {
      args.pop();
      last(...toWire(cmd.ackWith || [{ received: name }]));
      out({ client, type: 'event', name, args: fromWire(args), acked: true });
    } else {
      out({ client, type: 'event', name, args: fromWire(args) });
    }
  });
}

// An Engine.IO session that never connects a namespace: a Manager without a socket.
function openEngine(cmd) {
  const manager = new Manager(cmd.url, Object.assign({ reconnection: false, autoConnect: false }, cmd.options || {}));
  sockets.set(cmd.client, { manager });
  manager.open((err) => {
    if (err) { out({ client: cmd.client, type: 'engine_error', message: err.message }); return; }
    out({ client: cmd.client, type: 'engine_open', sid: manager.engine.id });
    manager.engine.on('close', (reason) => out({ client: cmd.client, type: 'engine_close', reason }));
  });
}

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (!line.trim()) return;
  const cmd = JSON.parse(line);
  const socket = sockets.get(cmd.client);
  switch (cmd.cmd) {
    case 'connect': connect(cmd); break;
    case 'emit': {
      const args = toWire(cmd.args || []);
      if (cmd.ackId !== undefined) {
        socket.timeout(cmd.timeoutMs || 5000).emit(cmd.event, ...args, (err, ...answer) => {
          out({ client: cmd.client, type: 'ack', ackId: cmd.ackId, error: err ? err.message : null, args: fromWire(answer) });
        });
      } else {
        socket.emit(cmd.event, ...args);
      }
      break;
    }
    case 'transport':
      out({ client: cmd.client, type: 'transport', transport: socket.io.engine ? socket.io.engine.transport.name : null });
      break;
    case 'disconnect': socket.disconnect(); break;
    case 'engine': openEngine(cmd); break;
    // Ends the transport under the socket (no DISCONNECT packet): the manager reconnects when allowed to.
    case 'drop': socket.io.engine.close(); break;
    case 'exit': process.exit(0);
  }
});
rl.on('close', () => process.exit(0));
out({ type: 'ready' });
