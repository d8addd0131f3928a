package dev.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** SPEC §7: defaults in one place, the -conf file, SB_* overrides, unknown keys and wrong types refused. */
class ConfigLoaderTest {

  @Test
  void defaultsAreTheSpecValues() {
    SwitchboardConfig config = SwitchboardConfig.defaults();
    assertEquals(3207, config.publicServer().port());
    assertEquals(1_048_576, config.publicServer().maxFrameBytes());
    assertEquals(3208, config.api().port());
    assertNull(config.api().token());
    assertEquals("/sync/server", config.sync().path());
    assertEquals(SwitchboardConfig.ServiceMode.SINGLE, config.sync().serviceMode());
    assertEquals(SwitchboardConfig.DuplicateServiceIdPolicy.REPLACE, config.sync().duplicateServiceId());
    assertEquals(10_000, config.sync().requestTimeoutMs());
    assertEquals(16, config.push().inflight());
    assertEquals(604_800_000L, config.push().ttlMs());
    assertEquals(java.util.List.of("/", "/web", "/app"), config.socketio().namespaces());
    assertFalse(config.socketio().recovery().enabled());
    assertEquals(120_000, config.socketio().recovery().maxDisconnectionMs());
    assertEquals(40010, config.tapr().sidecarPort());
    assertEquals("127.0.0.1", config.tapr().sidecarHost());
    assertEquals(5, config.webhook().maxAttempts());
    assertEquals(20_000, config.shutdown().graceMs());
  }

  @Test
  void fileValuesOverrideDefaultsAndEnvironmentOverridesTheFile() {
    JsonObject file = new JsonObject().put("sync", new JsonObject().put("requestTimeoutMs", 500).put("serviceMode", "multi"));
    SwitchboardConfig config = ConfigLoader.load(file, Map.of(
      "SB_SYNC_REQUEST_TIMEOUT_MS", "750",
      "SB_PUBLIC_ALLOWED_ORIGINS", "https://a.example, https://b.example",
      "SB_SYNC_AUTH_CLIENT_TOKEN", "tok",
      "SB_PUSH_WEBHOOKS", "{\"bot\":\"http://127.0.0.1:9/hook\"}",
      "SB_TAPR_REQUIRE_USER", "true",
      "PATH", "/usr/bin"));
    assertEquals(750, config.sync().requestTimeoutMs());
    assertEquals(SwitchboardConfig.ServiceMode.MULTI, config.sync().serviceMode());
    assertEquals(java.util.List.of("https://a.example", "https://b.example"), config.publicServer().allowedOrigins());
    assertEquals("tok", config.sync().clientToken());
    assertEquals(Map.of("bot", "http://127.0.0.1:9/hook"), config.push().webhooks());
    assertTrue(config.tapr().requireUser());
  }

  @Test
  void environmentNamesFollowTheKeyPath() {
    assertEquals("SB_SYNC_REQUEST_TIMEOUT_MS", ConfigSchema.byPath("sync.requestTimeoutMs").environmentName());
    assertEquals("SB_SOCKETIO_ALLOW_EIO3", ConfigSchema.byPath("socketio.allowEIO3").environmentName());
    assertEquals("SB_PUSH_WEBPUSH_PUBLIC_KEY", ConfigSchema.byPath("push.webpush.publicKey").environmentName());
  }

  @Test
  void unknownKeysAreRefusedNamingTheKey() {
    ConfigException e = assertThrows(ConfigException.class,
      () -> ConfigLoader.load(new JsonObject().put("sync", new JsonObject().put("requestTimeout", 5)), Map.of()));
    assertTrue(e.getMessage().contains("sync.requestTimeout"), e.getMessage());
    ConfigException top = assertThrows(ConfigException.class,
      () -> ConfigLoader.load(new JsonObject().put("sinc", new JsonObject()), Map.of()));
    assertTrue(top.getMessage().contains("'sinc'"), top.getMessage());
  }

  @Test
  void wrongTypesAreRefusedNamingTheKey() {
    assertRefused(new JsonObject().put("public", new JsonObject().put("port", "3207")), "public.port");
    assertRefused(new JsonObject().put("public", new JsonObject().put("port", 3207.5)), "public.port");
    assertRefused(new JsonObject().put("sync", new JsonObject().put("enabled", "yes")), "sync.enabled");
    assertRefused(new JsonObject().put("sync", "on"), "sync");
    assertRefused(new JsonObject().put("socketio", new JsonObject().put("namespaces", new JsonArray().add(1))),
      "socketio.namespaces");
    assertRefused(new JsonObject().put("sync", new JsonObject().put("serviceMode", "double")), "sync.serviceMode");
    assertRefused(new JsonObject().put("public", new JsonObject().put("port", 70000)), "public.port");
    assertRefused(new JsonObject().put("sync", new JsonObject().put("path", "sync")), "sync.path");
    assertRefused(new JsonObject().put("jwt", new JsonObject().put("algorithm", "none")), "jwt.algorithm");
  }

  @Test
  void badEnvironmentVariablesAreRefusedNamingThem() {
    ConfigException unknown = assertThrows(ConfigException.class,
      () -> ConfigLoader.load(new JsonObject(), Map.of("SB_SYNC_TIMEOUT", "5")));
    assertTrue(unknown.getMessage().contains("SB_SYNC_TIMEOUT"), unknown.getMessage());
    ConfigException wrong = assertThrows(ConfigException.class,
      () -> ConfigLoader.load(new JsonObject(), Map.of("SB_PUBLIC_PORT", "many")));
    assertTrue(wrong.getMessage().contains("SB_PUBLIC_PORT") && wrong.getMessage().contains("public.port"),
      wrong.getMessage());
    assertThrows(ConfigException.class, () -> ConfigLoader.load(new JsonObject(), Map.of("SB_SYNC_ENABLED", "maybe")));
  }

  @Test
  void clusterVariablesAreNotConfigurationKeys() {
    SwitchboardConfig config = ConfigLoader.load(new JsonObject(), Map.of("SB_CLUSTER_NAME", "x",
      "SB_CLUSTER_MEMBERS", "127.0.0.1:5701", "SB_CLUSTER_PORT", "5701", "SB_CLUSTER_HOST", "127.0.0.1"));
    assertEquals(3207, config.publicServer().port());
  }

  @Test
  void taprCompatibilityVariablesAreHonouredAndSbWins() {
    SwitchboardConfig compat = ConfigLoader.load(new JsonObject(), Map.of("WS_PORT", "4000", "WS_URL", "/hook"));
    assertEquals(4000, compat.tapr().appPort());
    assertEquals("/hook", compat.tapr().appUrl());
    SwitchboardConfig both = ConfigLoader.load(new JsonObject(), Map.of("WS_PORT", "4000", "SB_TAPR_APP_PORT", "5000"));
    assertEquals(5000, both.tapr().appPort());
  }

  @Test
  void nullableKeysAcceptNullFromFileAndEnvironment() {
    SwitchboardConfig config = ConfigLoader.load(new JsonObject().put("api", new JsonObject().put("token", "t")),
      Map.of("SB_API_TOKEN", "null"));
    assertNull(config.api().token());
    assertRefused(new JsonObject().put("public", new JsonObject().putNull("port")), "public.port");
  }

  @Test
  void commentKeysAreIgnored() {
    SwitchboardConfig config = ConfigLoader.load(new JsonObject().put("_comment", "dev values")
      .put("sync", new JsonObject().put("_note", "x")), Map.of());
    assertEquals(3207, config.publicServer().port());
  }

  @Test
  void theShippedConfigurationFileIsValidAndNamesEveryKey() throws Exception {
    JsonObject shipped = new JsonObject(Files.readString(Path.of("conf/switchboard.json")));
    ConfigLoader.load(shipped, Map.of());
    for (ConfigKey key : ConfigSchema.KEYS) {
      String[] parts = key.path().split("\\.");
      JsonObject section = shipped;
      for (int i = 0; i < parts.length - 1; i++) {
        section = section.getJsonObject(parts[i]);
        assertNotNull(section, "conf/switchboard.json lacks the section of " + key.path());
      }
      assertTrue(section.containsKey(parts[parts.length - 1]), "conf/switchboard.json lacks " + key.path());
    }
  }

  private static void assertRefused(JsonObject file, String key) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
  }
}
