package dev.switchboard.testing;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * What a tapr end-to-end test needs: its own Vert.x for clients and the app, a {@link TaprApp}, brokers
 * pointed at that app, clients that are known to be open (their {@code open} webhook arrived), and one
 * {@link #close()} that stops it all.
 */
public final class TaprFixture implements AutoCloseable {

  /** A client whose open reached the app, with the connection id the app was told. */
  public record Opened(TaprClient client, String id, TaprApp.Call open) {
  }

  private final Vertx peers = Vertx.vertx();
  private final TaprApp app = TaprApp.start(peers);
  private final List<TestBroker> brokers = new ArrayList<>();
  private final List<TaprClient> clients = new ArrayList<>();

  public Vertx peers() {
    return peers;
  }

  public TaprApp app() {
    return app;
  }

  /** The broker configuration {@code extra} plus {@code tapr.app.port} pointing at this fixture's app. */
  public JsonObject configWithApp(JsonObject extra) {
    JsonObject config = extra.copy();
    JsonObject tapr = config.getJsonObject("tapr", new JsonObject());
    JsonObject appSection = tapr.getJsonObject("app", new JsonObject());
    if (!appSection.containsKey("port")) {
      appSection.put("port", app.port());
    }
    config.put("tapr", tapr.put("app", appSection));
    return config;
  }

  /** A single node whose tapr app is this fixture's app. */
  public TestBroker broker(JsonObject extra) {
    return track(TestBroker.start(configWithApp(extra)));
  }

  public TestBroker track(TestBroker broker) {
    brokers.add(broker);
    return broker;
  }

  public TaprSidecar sidecar(TestBroker broker) {
    return new TaprSidecar(broker.sidecarPort());
  }

  public TaprClient connect(TestBroker broker, MultiMap headers) {
    TaprClient client = TaprClient.connect(peers, broker.publicPort(), headers);
    clients.add(client);
    return client;
  }

  /** Connects as {@code user} (token {@code token-<user>}) and waits for the app to hear the open. */
  public Opened open(TestBroker broker, String user) {
    return open(broker, user, TaprClient.headers(user, "token-" + user));
  }

  /** Connects with these headers; the user (or "") identifies the open among the app's calls. */
  public Opened open(TestBroker broker, String user, MultiMap headers) {
    TaprClient client = connect(broker, headers);
    String expectedUser = user == null ? "" : user;
    TaprApp.Call open = app.next(call -> "open".equals(call.action())
      && expectedUser.equals(call.body().getString("user_name"))
      && call.connection().startsWith(broker.nodeId() + "."));
    return new Opened(client, open.connection(), open);
  }

  @Override
  public void close() {
    clients.forEach(TaprClient::close);
    for (int i = brokers.size() - 1; i >= 0; i--) {
      brokers.get(i).close();
    }
    app.close();
    peers.close();
  }
}
