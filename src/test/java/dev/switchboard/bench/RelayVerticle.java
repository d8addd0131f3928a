package dev.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.WebSocketFrameType;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One event loop of the {@link BareRelay}: a WebSocket server with the broker's server options, relaying
 * frames by byte inspection only.
 */
final class RelayVerticle extends VerticleBase {

  private static final byte[] CONNECTED =
    "{\"type\":\"system\",\"method\":\"connect\",\"data\":\"connected\"}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] NOTICE_TYPE = "\"type\":\"notice\"".getBytes(StandardCharsets.UTF_8);
  private static final String PATH = "/sync/server";

  private final int port;
  private final RelayRoutes routes;
  private final Set<RelayPeer> clients = new LinkedHashSet<>();
  private Context loop;

  RelayVerticle(int port, RelayRoutes routes) {
    this.port = port;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    loop = context;
    routes.loops.add(this);
    // The broker's public-server options (GatewayVerticle): same limits, no compression, strict thread mode.
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port)
      .setMaxWebSocketFrameSize(1_048_576).setMaxWebSocketMessageSize(1_048_576)
      .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
      .setStrictThreadMode(true);
    return vertx.createHttpServer(options)
      .webSocketHandshakeHandler(handshake -> {
        if (PATH.equals(handshake.path())) {
          handshake.accept();
        } else {
          handshake.reject(404);
        }
      })
      .webSocketHandler(this::open)
      .requestHandler(this::plainRequest)
      .listen();
  }

  private void plainRequest(HttpServerRequest request) {
    request.response().setStatusCode("/health/ready".equals(request.path()) ? 200 : 404).end();
  }

  private void open(ServerWebSocket socket) {
    RelayPeer peer = new RelayPeer(socket, loop);
    boolean service = "service".equals(socket.headers().get("websocket-accept-sign"));
    if (service) {
      routes.service = peer;
      socket.frameHandler(frame -> fromService(frame));
      socket.closeHandler(ignored -> {
        if (routes.service == peer) {
          routes.service = null;
        }
      });
    } else {
      clients.add(peer);
      socket.frameHandler(frame -> fromClient(peer, frame));
      socket.closeHandler(ignored -> {
        clients.remove(peer);
        if (peer.index >= 0) {
          routes.clientsByIndex.remove(peer.index, peer);
        }
      });
    }
    socket.exceptionHandler(ignored -> {
      // The close handler follows.
    });
    peer.write(CONNECTED);
  }

  private void fromClient(RelayPeer client, WebSocketFrame frame) {
    if (frame.type() != WebSocketFrameType.TEXT || !frame.isFinal()) {
      return;
    }
    byte[] bytes = frame.binaryData().getBytes();
    if (client.index < 0) {
      client.index = clientIndex(bytes);
      if (client.index >= 0) {
        routes.clientsByIndex.put(client.index, client);
      }
    }
    RelayPeer service = routes.service;
    if (service != null) {
      service.send(bytes);
    }
  }

  private void fromService(WebSocketFrame frame) {
    if (frame.type() != WebSocketFrameType.TEXT || !frame.isFinal()) {
      return;
    }
    byte[] bytes = frame.binaryData().getBytes();
    int index = clientIndex(bytes);
    if (index >= 0) {
      RelayPeer client = routes.clientsByIndex.get(index);
      if (client != null) {
        client.send(bytes);
      }
    } else if (contains(bytes, NOTICE_TYPE)) {
      for (RelayVerticle other : routes.loops) {
        if (other.loop == loop) {
          other.writeToClients(bytes);
        } else {
          other.loop.runOnContext(ignored -> other.writeToClients(bytes));
        }
      }
    }
  }

  private void writeToClients(byte[] bytes) {
    for (RelayPeer client : clients) {
      client.write(bytes);
    }
  }

  /** The number after {@code {"id":"c} in a frame that starts so, else -1. */
  static int clientIndex(byte[] bytes) {
    int prefix = FrameText.CLIENT_ID_PREFIX.length;
    if (bytes.length <= prefix) {
      return -1;
    }
    for (int i = 0; i < prefix; i++) {
      if (bytes[i] != FrameText.CLIENT_ID_PREFIX[i]) {
        return -1;
      }
    }
    int value = 0;
    int i = prefix;
    for (; i < bytes.length && bytes[i] >= '0' && bytes[i] <= '9'; i++) {
      value = value * 10 + (bytes[i] - '0');
    }
    return i > prefix && i < bytes.length && bytes[i] == '-' ? value : -1;
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
