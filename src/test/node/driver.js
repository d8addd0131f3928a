// Drives the official socket.io client for the JUnit end-to-end tests (SocketIoNodeClient).
// stdin: one JSON command per line; stdout: one JSON event per line. Binaries travel as {"$b64": "..."}.
const readline = require('readline');
const { io, Manager } = require('socket.io-client');
// socket.io-client 2.x (Engine.IO 3) under its npm alias, for the tests that connect as a v2 client ("version": 2).
const ioV2 = require('socket.io-client-v2');

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

// v2 has no onAny: its internal onevent (packet.data = [name, ...args], packet.id when an ack is asked) is wrapped.
function onAnyV2(socket, handler) {
  socket.onevent = function (packet) {
    const args = (packet.data || []).slice();
    const name = args.shift();
    if (packet.id !== undefined && packet.id !== null) args.push(this.ack(packet.id));
    handler(name, ...args);
  };
}

function connect(cmd) {
  const options = Object.assign({ reconnection: false, forceNew: true }, cmd.options || {});
  const v2 = cmd.version === 2;
  const socket = v2 ? ioV2(cmd.url, options) : io(cmd.url, options);
  const client = cmd.client;
  sockets.set(client, socket);
  if (v2) {
    // A refused namespace connect is an 'error' event in v2 (a string or the error object's data).
    socket.on('error', (err) => out({ client, type: 'connect_error',
      message: typeof err === 'string' ? err : (err && err.message) || String(err),
      data: typeof err === 'object' && err !== null && err.data !== undefined ? err.data : null }));
  }
  // Listened for from the Engine.IO open on: the upgrade may finish before the namespace connect does.
  socket.io.on('open', () => {
    socket.io.engine.on('upgrade', (transport) => out({ client, type: 'upgrade', transport: transport.name }));
  });
  socket.on('connect', () => {
    out({ client, type: 'connect', id: socket.id, transport: socket.io.engine.transport.name, recovered: socket.recovered === true });
  });
  socket.on('connect_error', (err) => out({ client, type: 'connect_error', message: err.message,
    data: err.data === undefined ? null : err.data, detail: err.description === undefined ? null : String(err.description),
    status: err.context && err.context.status !== undefined ? err.context.status : null }));
  socket.on('disconnect', (reason) => out({ client, type: 'disconnect', reason }));
  (v2 ? (handler) => onAnyV2(socket, handler) : (handler) => socket.onAny(handler))((name, ...args) => {
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
      if (cmd.ackId !== undefined && !socket.timeout) {
        // v2: no emit timeout of its own.
        let done = false;
        const timer = setTimeout(() => {
          done = true;
          out({ client: cmd.client, type: 'ack', ackId: cmd.ackId, error: 'operation has timed out', args: [] });
        }, cmd.timeoutMs || 5000);
        socket.emit(cmd.event, ...args, (...answer) => {
          if (done) return;
          clearTimeout(timer);
          out({ client: cmd.client, type: 'ack', ackId: cmd.ackId, error: null, args: fromWire(answer) });
        });
      } else if (cmd.ackId !== undefined) {
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
