// The app webhook (SPEC §6) that makes a Switchboard node behave like the reference server of the official
// socket.io-protocol test suite (test-suite/test-suite.js): on connect it emits "auth" with the handshake's auth,
// "message" is echoed as "message-back", "message-with-ack" is acknowledged with its own arguments.
// Usage: node protocol-suite-app.js <port>   (then socketio.app.url = http://127.0.0.1:<port>/)
const http = require('http');

const reply = (call) => {
  if (call.action === 'open') return { emit: [{ event: 'auth', args: [call.data.auth] }] };
  if (call.action !== 'message') return {};
  if (call.data.event === 'message') return { emit: [{ event: 'message-back', args: call.data.args }] };
  if (call.data.event === 'message-with-ack') return { ack: call.data.args };
  return {};
};

http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.stringify(reply(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
  });
}).listen(Number(process.argv[2]), '127.0.0.1');
