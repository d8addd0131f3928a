/**
 * Engine.IO, the transport layer under Socket.IO (SPEC §3): revision 4 for Socket.IO v3+ clients and revision 3
 * for v2 clients ({@code socketio.allowEIO3}). This package knows packets, frames, payloads and handshakes; it
 * knows nothing of namespaces, events or acks — to it a Socket.IO packet is the text or bytes of a MESSAGE
 * (DESIGN: "Keep .socketio.engineio ignorant of namespaces"). The protocol classes are pure and table-tested
 * without Vert.x; the networking classes sit on them.
 *
 * <h2>Classes</h2>
 * <ul>
 *   <li>{@link dev.switchboard.dialect.socketio.engineio.EngineIoPacket} — one packet: type
 *       OPEN/CLOSE/PING/PONG/MESSAGE/UPGRADE/NOOP and text or (MESSAGE only) binary data.</li>
 *   <li>{@link dev.switchboard.dialect.socketio.engineio.EngineIoCodec} — packets to WebSocket frames and polling
 *       bodies and back, both revisions; malformed input is an
 *       {@link dev.switchboard.dialect.socketio.engineio.InvalidEngineIoPacketException} (HTTP 400 / close).</li>
 *   <li>{@code EngineIoV3Payload} (package-private) — the two v3 polling formats, text and XHR2 binary.</li>
 *   <li>{@link dev.switchboard.dialect.socketio.engineio.EngineIoHandshake} — the OPEN packet's JSON.</li>
 *   <li>{@link dev.switchboard.dialect.socketio.engineio.EngineIoHandshakeRequest} — reads {@code EIO},
 *       {@code transport}, {@code sid}, {@code b64} and the method of every request on the path, and checks a
 *       request naming a session against the session; refusals are
 *       {@link dev.switchboard.dialect.socketio.engineio.EngineIoRequestRefusedException} carrying an
 *       {@link dev.switchboard.dialect.socketio.engineio.EngineIoError} (codes 0–5 with the reference's texts).</li>
 *   <li>{@code EngineIoServer}, {@code EngineIoSession} — the networking on Vert.x (one server per gateway
 *       instance); {@code PollingForwarding} and {@code ForwardedPollingExchange} carry polls for a session owned by
 *       another instance or node to its owner; {@code WebSocketRelays}, {@code RelayingWebSocket} and
 *       {@code RelayedWebSocketChannel} relay a WebSocket upgrade that landed there ({@code WebSocketRelay}: the
 *       event-bus form, ops and flow-control window).</li>
 *   <li>{@link dev.switchboard.dialect.socketio.engineio.EngineIoVersion},
 *       {@link dev.switchboard.dialect.socketio.engineio.EngineIoTransportType} — the two revisions, the two
 *       transports.</li>
 * </ul>
 *
 * <h2>Where each rule comes from</h2>
 * <ul>
 *   <li><b>socketio/engine.io-protocol README</b> (v4, main branch): "Packet encoding" (text = type digit + data;
 *       v4 WebSocket binary as is; polling joined by {@code \x1e}, binary as {@code b}+base64), "Handshake" (the
 *       OPEN fields and their order), "Heartbeat", "Upgrade" ({@code 2probe}/{@code 3probe}/{@code 5}, NOOP to
 *       the pending GET), "Sending data" (POST answered {@code ok}; a second concurrent GET or POST is 400 and
 *       closes the session).</li>
 *   <li><b>The README of the v3 branch</b> (revision 3): "Payload" ({@code <length>:<packet>}, length in
 *       characters: {@code 6:4hello2:4€}; {@code b4}+base64; the XHR2 binary form), "Packet" (a binary WebSocket
 *       frame starts with the type byte: {@code 4|0|1|2|3|4|5}), the session example ({@code 96:0{...}}, no
 *       {@code maxPayload}; the client pings, the server pongs).</li>
 *   <li><b>engine.io-parser 2.2.x</b> ({@code lib/index.js}, {@code lib/browser.js}; vendored by the server as
 *       {@code lib/parser-v3}): where the README is thin or wrong. In the XHR2 binary form a binary entry is the
 *       type byte 4 followed by the data, and its length counts that byte ({@code 01 05 ff 04 01 02 03 04}); the
 *       README's example leaves the byte out. Text entries count UTF-8 bytes there.</li>
 *   <li><b>engine.io-parser 5.x</b> {@code decodePacket}/{@code decodePayload}: an empty part of a v4 payload is a
 *       parse error; {@code b}+base64 is always a MESSAGE.</li>
 *   <li><b>engine.io lib/server.ts</b> (6.6.0): {@code verify()} and {@code handshake()} for the order of the
 *       request checks; {@code Server.errors}/{@code errorMessages} for the codes and texts; {@code abortRequest}
 *       (403 for Forbidden, else 400, JSON) and {@code abortUpgrade} (always 400, text body).
 *       {@code lib/transports/polling.ts}: an {@code application/octet-stream} POST is refused in v4; {@code b64}
 *       turns binary off. {@code lib/socket.ts}: the OPEN packet, {@code upgrades} empty for a WebSocket
 *       session, the heartbeat in both directions.</li>
 *   <li><b>The protocol test suite</b> ({@code test-suite/test-suite.js} of engine.io-protocol and
 *       socket.io-protocol): the handshake refusals (missing or bad {@code EIO}, {@code transport}, method), the
 *       payload strings, and the expectations listed below for the networking layer.</li>
 * </ul>
 * Where this code is stricter than the reference, the class comments say so and why.
 *
 * <h2>For the networking layer (not built yet)</h2>
 * One {@code EngineIoSession} per sid, on the event loop that created it: state (opening/open/upgrading/closed),
 * revision, transport, an outbound packet queue, the heartbeat timers. The protocol test suite expects, with
 * {@code pingInterval} 300 and {@code pingTimeout} 200:
 * <ul>
 *   <li>v4: the server sends PING every {@code pingInterval} and closes when no PONG comes within
 *       {@code pingTimeout}; a PING from a v4 client, or a PONG from a v3 client, closes ("invalid heartbeat
 *       direction"). v3: the client pings; answer PONG (echoing its data) and close when nothing came for
 *       {@code pingInterval + pingTimeout}.</li>
 *   <li>Polling GET waits for packets and answers them as one payload ({@link
 *       dev.switchboard.dialect.socketio.engineio.EngineIoCodec#encodePollingPayload}, its content type from
 *       {@code PollingBody}, {@code Cache-Control: no-store}); a POST is decoded
 *       ({@link dev.switchboard.dialect.socketio.engineio.EngineIoCodec#decodePollingPayload}; compare the
 *       content type case-insensitively, without parameters) and answered {@code 200 ok} with
 *       {@code Content-Type: text/html}; bodies over {@code maxPayload} get 413. A second GET or POST while one
 *       is open: 400 and close the session. After close, the sid answers {@code Session ID unknown}.</li>
 *   <li>A CLOSE packet from the client closes the session; a pending GET is answered with NOOP ({@code 6}) — the
 *       test suite's "forcefully closes the session".</li>
 *   <li>Upgrade: a WebSocket with the session's sid; answer {@code 2probe} with {@code 3probe}, answer the
 *       pending GET with NOOP, switch on {@code 5}; give up after an upgrade timeout (the reference's 10 s).</li>
 * </ul>
 */
package dev.switchboard.dialect.socketio.engineio;
