/**
 * The socket.io dialect (SPEC §3). So far this package holds the pure Socket.IO protocol layer — packet codec,
 * binary attachments, the app's {@code {"$binary":...}} form — table-tested without Vert.x; the connection
 * handling that sits on it is still to come. Transport matters (handshake, heartbeat, polling and WebSocket,
 * upgrade) live below, in {@link dev.switchboard.dialect.socketio.engineio}, which hands up MESSAGE packets and
 * knows nothing of namespaces.
 *
 * <h2>Classes</h2>
 * <ul>
 *   <li>{@link dev.switchboard.dialect.socketio.SocketIoPacket} — one packet: type
 *       CONNECT/DISCONNECT/EVENT/ACK/CONNECT_ERROR/BINARY_EVENT/BINARY_ACK, namespace, ack id, raw JSON data,
 *       attachment count; factories for what the server sends on connect, refusal and disconnect, per revision.</li>
 *   <li>{@link dev.switchboard.dialect.socketio.SocketIoCodec} — packet text both ways, with the protocol's
 *       validation; {@link dev.switchboard.dialect.socketio.InvalidSocketIoPacketException} closes the
 *       connection, as the reference server does.</li>
 *   <li>{@link dev.switchboard.dialect.socketio.SocketIoPacketAssembler} — one per connection: MESSAGEs in, whole
 *       packets (a binary packet with its attachments) out.</li>
 *   <li>{@link dev.switchboard.dialect.socketio.SocketIoPacketWithAttachments} — a packet and its binaries;
 *       builds the events and acks the server sends from app JSON, reads a client's event as the app sees it
 *       ({@link dev.switchboard.dialect.socketio.SocketIoEvent}), and lists the Engine.IO MESSAGEs that carry it.</li>
 *   <li>{@link dev.switchboard.dialect.socketio.SocketIoBinaryJson} — placeholders + attachments against
 *       {@code {"$binary":"<base64>"}}; bad app input is
 *       {@link dev.switchboard.dialect.socketio.InvalidEmitArgumentsException} (HTTP 400 at the API).</li>
 *   <li>{@link dev.switchboard.dialect.socketio.SocketIoProtocol} — revision 5 (EIO=4) or 4 (EIO=3, v2
 *       clients).</li>
 *   <li>{@code SocketIoRecovery} and {@code SocketIoReplayLog} (package-private) — connection state recovery:
 *       suspended sockets, claims from a socket's home instance, the bounded log of events a client may have
 *       missed (socket.io {@code lib/socket.ts} {@code emit}/{@code _onclose}, socket.io-adapter
 *       {@code SessionAwareAdapter}; socket.io-client {@code socket.ts} {@code _sendConnectPacket}).</li>
 *   <li>{@code SocketIoEmitCollector} (package-private) — the emitter's side of a server-API emit, join or leave:
 *       a fan-out is one publish that every socket.io instance answers, 0 reached included, so the answer is exact
 *       and as quick as the slowest instance: it waits for the instances it knew at the start (the endpoints'
 *       {@code cluster.ConnectionSummaries} on {@code sb.socketio.instances}; one that leaves is not waited for)
 *       and, with an ack, for every reached socket's answer or {@code TIMEOUT}; a deadline is the last resort.</li>
 *   <li>{@code SocketIoJson} (package-private) — one validating Jackson streaming pass that finds what the codec
 *       needs by character offset, so payloads are spliced, never re-encoded (the Envelope rule: parse once at
 *       the edge).</li>
 * </ul>
 *
 * <h2>Where each rule comes from</h2>
 * <ul>
 *   <li><b>socketio/socket.io-protocol README</b> (v5, main branch): "Packet encoding / Format"
 *       ({@code <type>[<#attachments>-][<namespace>,][<ack id>][JSON]}, namespace {@code /} left out) and every
 *       example under "Examples" and "Sample session" — all are table rows in {@code SocketIoCodecTest};
 *       "Exchange protocol" (EVENT payload mandatory, a non-empty array; ACK payload an array; the receiver closes
 *       the connection otherwise); "History / Difference between v5 and v4" (no implicit {@code /}, ERROR renamed
 *       CONNECT_ERROR and now an object, CONNECT with auth data and a {@code sid} in the answer).</li>
 *   <li><b>socket.io-parser 4.2.x</b> ({@code lib/index.ts}, {@code lib/binary.ts}): the decoder's exact reading
 *       (namespace up to ',' or the end, so {@code 40/custom} works; the digit run as ack id;
 *       {@code isPayloadValid}: CONNECT an object, DISCONNECT nothing, CONNECT_ERROR a string or an object, EVENT
 *       an array led by a number or a non-reserved string, ACK an array); {@code RESERVED_EVENTS};
 *       {@code deconstructPacket}/{@code reconstructPacket} (placeholders in document order, any object with
 *       {@code _placeholder: true} replaced whole, an index outside the attachments is an error); the
 *       {@code Decoder.add} state machine (text while reconstructing, or binary without a packet, throws).</li>
 *   <li><b>socket.io-parser 3.3.x</b> (the v2 client's): a CONNECT with non-array data is invalid there, hence
 *       no data in the v2 CONNECT reply.</li>
 *   <li><b>socket.io lib/client.ts, lib/socket.ts, lib/namespace.ts, lib/index.ts</b>: for EIO=3 the namespace is
 *       parsed as a URL and its query is the auth ({@code Client.ondecoded}); the server connects a v2 client to
 *       {@code /} on its own ({@code onconnection}); CONNECT reply {@code {sid, pid}} or, for v2, nothing
 *       ({@code _onconnect}); refusal {@code {message, data}} or, for v2, {@code err.data || err.message}
 *       ({@code Namespace._add}); {@code {"message":"Invalid namespace"}} for an unknown namespace
 *       ({@code Client.connect}); decode errors close the connection ({@code Client.ondata}).</li>
 *   <li><b>socket.io-protocol test-suite/test-suite.js</b>: every frame it sends or expects under "Socket.IO
 *       protocol" is reproduced in {@code SocketIoCodecTest}, {@code SocketIoPacketWithAttachmentsTest} and
 *       {@code SocketIoPacketAssemblerTest} ({@code 40/custom}, {@code 44/random,{...}}, {@code 452-...} with two
 *       attachments, {@code 43456[...]}, {@code 462-789[...]}, {@code 4abc}, {@code 42{}}, {@code 42abc[...]}).</li>
 * </ul>
 *
 * <h2>For the connection layer</h2>
 * Per Engine.IO session: a {@code SocketIoPacketAssembler} fed every MESSAGE; a table namespace → socket. A
 * CONNECT for a namespace not joined yet connects it (v2: the auth is the CONNECT's data as decoded here); a
 * CONNECT for a joined one, or any other packet for a namespace not joined, closes the connection ("invalid
 * state" in the reference). Unknown namespace: {@code connectError(ns, "Invalid namespace", null, protocol)}.
 * v5: close the session when no namespace is joined within {@code socketio.connectTimeoutMs}; v2: join {@code /}
 * at once and send {@code connectReply("/", ...)}. Outbound: build with the factories here, send
 * {@code toEngineIoPackets()} in order, never interleaving another packet between a binary packet and its
 * attachments.
 */
package dev.switchboard.dialect.socketio;
