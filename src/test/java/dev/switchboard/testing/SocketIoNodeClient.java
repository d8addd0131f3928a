package dev.switchboard.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The official npm socket.io client, driven from a test: runs {@code node src/test/node/driver.js}, sends it
 * JSON-line commands (connect, emit with or without ack, disconnect) and offers what it reports (connect,
 * connect_error, events, acks, disconnect) as JSON objects through blocking {@link #next(Predicate)}. One driver
 * process can hold several clients, each named by the test. {@link #close()} ends the process.
 */
public final class SocketIoNodeClient implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(10);

  private final NodeScript driver;
  private final java.util.List<JsonObject> skipped = new java.util.ArrayList<>();

  private SocketIoNodeClient(NodeScript driver) {
    this.driver = driver;
  }

  /** Starts the driver (needs {@code npm ci --prefix src/test/node} to have run). */
  public static SocketIoNodeClient start() {
    SocketIoNodeClient client = new SocketIoNodeClient(NodeScript.start("driver.js"));
    client.next(event -> "ready".equals(event.getString("type")));
    return client;
  }

  /** Client options that allow only these transports ({@code "websocket"}, {@code "polling"}), in this order. */
  public static JsonObject transports(String... names) {
    return new JsonObject().put("transports", new JsonArray(java.util.List.of((Object[]) names)));
  }

  /** Connects client {@code name} to {@code url} with the socket.io client's options (transports, auth, query...). */
  public JsonObject connect(String name, String url, JsonObject options) {
    command(new JsonObject().put("cmd", "connect").put("client", name).put("url", url)
      .put("options", options == null ? new JsonObject() : options));
    return next(name, "connect", "connect_error");
  }

  /** Like {@link #connect} but the client answers every server ack with {@code ackWith}. */
  public JsonObject connect(String name, String url, JsonObject options, JsonArray ackWith) {
    command(new JsonObject().put("cmd", "connect").put("client", name).put("url", url)
      .put("options", options == null ? new JsonObject() : options).put("ackWith", ackWith));
    return next(name, "connect", "connect_error");
  }

  /** Like {@link #connect} but the client never answers a server ack (its events report {@code acked:false}). */
  public JsonObject connectWithoutAcking(String name, String url, JsonObject options) {
    command(new JsonObject().put("cmd", "connect").put("client", name).put("url", url)
      .put("options", options == null ? new JsonObject() : options).put("noAck", true));
    return next(name, "connect", "connect_error");
  }

  /**
   * Opens only an Engine.IO session (the client's Manager, no socket): no namespace is ever connected. Returns
   * {@code engine_open} with the {@code sid}; its end is reported later as {@code engine_close} with a reason.
   */
  public JsonObject openEngine(String name, String url, JsonObject options) {
    command(new JsonObject().put("cmd", "engine").put("client", name).put("url", url)
      .put("options", options == null ? new JsonObject() : options));
    return next(name, "engine_open", "engine_error");
  }

  /** Ends the client's transport without a DISCONNECT packet ({@code socket.io.engine.close()}), as a network drop. */
  public void dropTransport(String name) {
    command(new JsonObject().put("cmd", "drop").put("client", name));
  }

  public void emit(String name, String event, JsonArray args) {
    command(new JsonObject().put("cmd", "emit").put("client", name).put("event", event).put("args", args));
  }

  /** Emits with an ack callback and waits for the ack (its {@code args}, or {@code error}). */
  public JsonObject emitWithAck(String name, String event, JsonArray args) {
    String ackId = Long.toString(System.nanoTime());
    command(new JsonObject().put("cmd", "emit").put("client", name).put("event", event).put("args", args)
      .put("ackId", ackId));
    return next(e -> name.equals(e.getString("client")) && "ack".equals(e.getString("type"))
      && ackId.equals(e.getString("ackId")));
  }

  public String transport(String name) {
    command(new JsonObject().put("cmd", "transport").put("client", name));
    return next(name, "transport").getString("transport");
  }

  public void disconnect(String name) {
    command(new JsonObject().put("cmd", "disconnect").put("client", name));
  }

  /** The next event of client {@code name} of one of these types. */
  public JsonObject next(String name, String... types) {
    return next(e -> name.equals(e.getString("client")) && java.util.List.of(types).contains(e.getString("type")));
  }

  /** The next event {@code name} received with this event name. */
  public JsonObject nextEvent(String name, String event) {
    return next(e -> name.equals(e.getString("client")) && "event".equals(e.getString("type"))
      && event.equals(e.getString("name")));
  }

  /**
   * The next matching report; fails when none comes within {@link #WAIT}. Reports that do not match are kept for
   * later calls, so waiting for one client's ack never loses an event that came before it.
   */
  public JsonObject next(Predicate<JsonObject> condition) {
    synchronized (skipped) {
      for (java.util.Iterator<JsonObject> it = skipped.iterator(); it.hasNext(); ) {
        JsonObject event = it.next();
        if (condition.test(event)) {
          it.remove();
          return event;
        }
      }
    }
    long deadline = System.currentTimeMillis() + WAIT.toMillis();
    try {
      while (true) {
        long left = deadline - System.currentTimeMillis();
        JsonObject event = left > 0 ? driver.poll(left) : null;
        if (event == null) {
          fail("no matching socket.io client report within " + WAIT + "; seen meanwhile: " + skipped);
        }
        if (condition.test(event)) {
          return event;
        }
        synchronized (skipped) {
          skipped.add(event);
        }
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fails if a matching report arrives within {@code millis}. */
  public void expectNone(Predicate<JsonObject> condition, long millis) {
    long deadline = System.currentTimeMillis() + millis;
    try {
      while (true) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return;
        }
        JsonObject event = driver.poll(left);
        if (event != null && condition.test(event)) {
          fail("unexpected " + event.encode());
        }
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private void command(JsonObject command) {
    driver.send(command);
  }

  @Override
  public void close() {
    driver.close(new JsonObject().put("cmd", "exit"), Duration.ofSeconds(3));
  }
}
