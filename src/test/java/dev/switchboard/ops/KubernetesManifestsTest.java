package dev.switchboard.ops;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.XmlConfigBuilder;
import dev.switchboard.NodeState;
import dev.switchboard.NodeStats;
import dev.switchboard.admin.AdminVerticle;
import dev.switchboard.bus.NodeIdentity;
import dev.switchboard.cluster.ClusterSettings;
import dev.switchboard.cluster.ClusterSetup;
import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.ConfigSchema;
import dev.switchboard.config.ConfigType;
import dev.switchboard.config.SwitchboardConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * SPEC §5 "Kubernetes": the manifests under {@code k8s/} and the top-level {@code Dockerfile} agree with the code
 * and the configuration they deploy. Every value is read from the manifests and checked against what the code does
 * with it (the configuration loader, the cluster setup, the admin server), so an edit on either side that breaks
 * the deployment fails here. What it cannot check: that a cluster accepts the manifests (no API server here) and
 * that the image builds (no Docker engine); README "Deploying on Kubernetes" says so.
 */
class KubernetesManifestsTest {

  private static final Path K8S = Path.of("k8s");
  private static final Path DOCKERFILE = Path.of("Dockerfile");
  private static final Path DOCKERIGNORE = Path.of(".dockerignore");
  private static final Path TOP_LEVEL_CLUSTER_XML = Path.of("cluster.xml");
  /** The Services by role; their names are the manifests' own and say which is which. */
  private static final String PUBLIC_SERVICE = "switchboard-public";
  private static final String API_SERVICE = "switchboard-api";
  private static final String WAIT_BEFORE_JOIN = "hazelcast.wait.seconds.before.join";
  private static final Pattern SYSTEM_PROPERTY = Pattern.compile("-D([^=\\s]+)=(\\S*)");

  private static KubernetesManifests manifests;
  private static DockerfileInstructions dockerfile;
  private static JsonObject exampleSecret;
  private static Map<String, String> environment;
  private static Path configurationFile;
  private static JsonObject configurationJson;

  @BeforeAll
  static void readEverything() throws IOException {
    manifests = KubernetesManifests.load(K8S);
    dockerfile = DockerfileInstructions.read(DOCKERFILE);
    exampleSecret = exampleSecret();
    environment = manifests.environment(exampleSecret);
    String confPath = DockerfileInstructions.optionValue(launcherArguments(), "-conf");
    assertNotNull(confPath, "the image's entrypoint passes no -conf");
    configurationFile = manifests.fileMountedAt(confPath).orElseThrow(() -> new AssertionError(
      "-conf " + confPath + " is not a file of a ConfigMap that kustomization.yaml generates and the pod mounts"));
    configurationJson = new JsonObject(Files.readString(configurationFile));
  }

  // ---- the files themselves

  @Test
  void everyManifestIsDeployedByTheKustomizationExceptTheExampleSecret() {
    List<String> resources = strings(manifests.kustomization.getJsonArray("resources", new JsonArray()));
    Set<String> expected = new TreeSet<>();
    for (Path file : KubernetesManifests.yamlFiles(K8S)) {
      String name = file.getFileName().toString();
      if (!name.equals("kustomization.yaml") && !name.contains(".example.")) {
        expected.add(name);
      }
    }
    assertEquals(expected, new TreeSet<>(resources),
      "kustomization.yaml resources must list every manifest in k8s/ (and no example with placeholder secrets)");
    for (String resource : resources) {
      assertTrue(Files.isRegularFile(K8S.resolve(resource)), "kustomization.yaml lists a missing file " + resource);
    }
    manifests.generatedConfigMaps().forEach((name, files) -> files.forEach((key, file) ->
      assertTrue(Files.isRegularFile(file), "ConfigMap " + name + " key " + key + ": no file " + file)));
  }

  @Test
  void manifestsAreNamespaceAgnosticAndComplete() {
    assertFalse(manifests.documents.isEmpty());
    for (KubernetesManifests.Document document : manifests.documents) {
      String where = document.file().getFileName() + ": ";
      assertNotNull(document.content().getString("apiVersion"), where + "no apiVersion");
      assertNotNull(document.kind(), where + "no kind");
      assertNotNull(document.name(), where + "no metadata.name");
      assertFalse(document.content().getJsonObject("metadata").containsKey("namespace"),
        where + "sets a namespace; the manifests are applied to the namespace given to kubectl");
    }
    assertFalse(manifests.kustomization.containsKey("namespace"), "kustomization.yaml sets a namespace");
  }

  @Test
  void theImageNameIsTheOneTheKustomizationRewrites() {
    String image = manifests.container().getString("image");
    List<String> rewritten = new ArrayList<>();
    JsonArray images = manifests.kustomization.getJsonArray("images", new JsonArray());
    for (int i = 0; i < images.size(); i++) {
      rewritten.add(images.getJsonObject(i).getString("name"));
    }
    assertTrue(rewritten.isEmpty() || rewritten.contains(image),
      "kustomization.yaml images " + rewritten + " would not rewrite the container image " + image);
  }

  // ---- configuration and environment

  @Test
  void theConfigMapConfigurationIsAcceptedWithThePodsEnvironment() {
    SwitchboardConfig config = ConfigLoader.load(configurationJson, environment);
    assertNotNull(config.api().token(), "api.token must be set (from the Secret): without it the cluster generates "
      + "one, shows it once in one pod's log, and generates another whenever every pod has restarted");
  }

  @Test
  void everySbVariableIsAConfigurationKeyOrAClusterSettingTheCodeReads() {
    Set<String> keyNames = ConfigSchema.KEYS.stream().map(ConfigKey::environmentName).collect(Collectors.toSet());
    ClusterSettings none = ClusterSettings.fromEnvironment(Map.of());
    List<String> checked = new ArrayList<>();
    for (JsonObject entry : manifests.environmentEntries()) {
      String name = entry.getString("name");
      if (!name.startsWith("SB_")) {
        continue;
      }
      checked.add(name);
      if (name.startsWith(ConfigSchema.CLUSTER_ENVIRONMENT_PREFIX)) {
        String value = environment.getOrDefault(name, "placeholder");
        assertNotEquals(none, ClusterSettings.fromEnvironment(Map.of(name, value)),
          name + " is not a cluster setting ClusterSettings reads: it would be ignored");
      } else {
        assertTrue(keyNames.contains(name), name + " is not the environment name of any configuration key");
      }
    }
    assertFalse(checked.isEmpty(), "the container sets no SB_* variable");
  }

  @Test
  void noTokenSecretOrPrivateKeyIsWrittenInTheConfigMap() {
    JsonObject effectiveFileOnly = ConfigLoader.effectiveJson(configurationJson, Map.of());
    Pattern secretName = Pattern.compile("(?i).*(token|secret|privatekey)$");
    for (ConfigKey key : ConfigSchema.KEYS) {
      boolean text = key.type() == ConfigType.STRING || key.type() == ConfigType.NULLABLE_STRING;
      if (text && secretName.matcher(key.path()).matches()) {
        assertNull(valueAt(effectiveFileOnly, key.path()),
          key.path() + " has a value in " + configurationFile + ": give it through the Secret");
      }
    }
    // and the variables that do come from the Secret are not shadowed by a value in the file either
    for (JsonObject entry : manifests.environmentEntries()) {
      JsonObject from = entry.getJsonObject("valueFrom");
      if (from != null && from.containsKey("secretKeyRef")) {
        ConfigKey key = keyNamed(entry.getString("name"));
        assertNotNull(key, entry.getString("name") + " comes from the Secret but is no configuration key");
        assertNull(valueAt(effectiveFileOnly, key.path()), key.path() + " is both in the ConfigMap and the Secret");
      }
    }
  }

  @Test
  void theSecretTheWorkloadReadsIsTheExampleSecret() {
    String secretName = exampleSecret.getJsonObject("metadata").getString("name");
    int references = 0;
    for (JsonObject entry : manifests.environmentEntries()) {
      JsonObject from = entry.getJsonObject("valueFrom");
      if (from != null && from.containsKey("secretKeyRef")) {
        references++;
        assertEquals(secretName, from.getJsonObject("secretKeyRef").getString("name"),
          entry.getString("name") + " reads a Secret the example does not describe");
      }
    }
    assertTrue(references > 0, "no token or key comes from a Secret");
    // A required key the example lacks fails already in readEverything (KubernetesManifests.environment).
  }

  // ---- ports, probes and services

  @Test
  void servicesAndContainerPortsAreTheConfiguredPorts() {
    SwitchboardConfig config = ConfigLoader.load(configurationJson, environment);
    assertServiceReaches(PUBLIC_SERVICE, config.publicServer().port());
    assertServiceReaches(API_SERVICE, config.api().port());
    assertTrue(manifests.containerPorts().contains(config.publicServer().port()), "public.port is not a container port");
    assertTrue(manifests.containerPorts().contains(config.api().port()), "api.port is not a container port");
  }

  @Test
  void thePublicServiceNeedsNoSessionAffinity() {
    JsonObject spec = manifests.named("Service", PUBLIC_SERVICE).content().getJsonObject("spec");
    assertEquals("None", spec.getString("sessionAffinity", "None"),
      "long-polling works without sticky sessions (SPEC §3): session affinity would only pin load");
  }

  @Test
  void probesAndTheMetricsScrapeAskTheApiPort() throws Exception {
    SwitchboardConfig config = ConfigLoader.load(configurationJson, environment);
    JsonObject container = manifests.container();
    JsonObject readiness = httpGet(container, "readinessProbe");
    JsonObject liveness = httpGet(container, "livenessProbe");
    assertNotNull(readiness, "no readiness probe");
    assertNotNull(liveness, "no liveness probe");
    List<JsonObject> probes = new ArrayList<>(List.of(readiness, liveness));
    JsonObject startup = httpGet(container, "startupProbe");
    if (startup != null) {
      probes.add(startup);
    }
    for (JsonObject probe : probes) {
      assertEquals(config.api().port(), manifests.containerPort(probe.getValue("port")),
        "probe " + probe.getString("path") + " is not on api.port");
    }

    // Ask a real admin server: the readiness path must be the check that turns false while draining or before the
    // node listens; the liveness (and startup) path must stay 200 meanwhile, or Kubernetes would restart a
    // draining or starting pod; the metrics path the pod annotations advertise must answer.
    int port = freePort();
    Map<String, String> local = new HashMap<>(environment);
    local.put(ConfigSchema.byPath("api.port").environmentName(), Integer.toString(port));
    local.put(ConfigSchema.byPath("api.host").environmentName(), "127.0.0.1");
    SwitchboardConfig localConfig = ConfigLoader.load(configurationJson, local);
    Vertx vertx = Vertx.vertx();
    try {
      NodeState notYetListening = new NodeState(1);
      vertx.deployVerticle(new AdminVerticle(localConfig, new NodeIdentity("k8stest", "local", System.currentTimeMillis()),
        notYetListening, new NodeStats(), List.of())).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

      HttpResponse<String> ready = get(client, port, readiness.getString("path"));
      assertEquals(503, ready.statusCode(), "readiness " + readiness.getString("path")
        + " must answer 503 for a node that does not listen yet: " + ready.body());
      assertTrue(new JsonObject(ready.body()).getJsonObject("checks").containsKey("draining"),
        "readiness " + readiness.getString("path") + " is not the check that reports draining: " + ready.body());

      JsonObject annotations = manifests.workload().content().getJsonObject("spec").getJsonObject("template")
        .getJsonObject("metadata").getJsonObject("annotations", new JsonObject());
      if ("true".equals(annotations.getString("prometheus.io/scrape"))) {
        assertEquals(String.valueOf(config.api().port()), annotations.getString("prometheus.io/port"),
          "Prometheus would scrape another port than api.port");
        String metricsPath = annotations.getString("prometheus.io/path", "/metrics");
        assertEquals(200, get(client, port, metricsPath).statusCode(), "Prometheus would scrape " + metricsPath
          + ", which the API port does not serve");
      }

      for (JsonObject probe : probes) {
        if (probe == readiness) {
          continue;
        }
        HttpResponse<String> live = get(client, port, probe.getString("path"));
        assertEquals(200, live.statusCode(), "probe " + probe.getString("path") + " must answer 200 for a living node "
          + "that is not ready: " + live.body());
      }
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void servicesAndTheDisruptionBudgetSelectTheBrokerPods() {
    JsonObject spec = manifests.workload().content().getJsonObject("spec");
    assertTrue(manifests.selectsThePods(spec.getJsonObject("selector").getJsonObject("matchLabels")),
      "the workload's selector does not match its own pod labels");
    for (KubernetesManifests.Document service : manifests.ofKind("Service")) {
      assertTrue(manifests.selectsThePods(service.content().getJsonObject("spec").getJsonObject("selector")),
        "Service " + service.name() + " does not select the broker pods");
    }
    for (KubernetesManifests.Document budget : manifests.ofKind("PodDisruptionBudget")) {
      assertTrue(manifests.selectsThePods(budget.content().getJsonObject("spec").getJsonObject("selector")
        .getJsonObject("matchLabels")), "PodDisruptionBudget " + budget.name() + " does not select the broker pods");
    }
    assertEquals(1, manifests.ofKind("PodDisruptionBudget").size(), "one PodDisruptionBudget");
  }

  // ---- Hazelcast and the event bus

  @Test
  void hazelcastJoinsThroughTheHeadlessServiceDnsName() {
    Config config = clusterConfig();
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertTrue(join.getKubernetesConfig().isEnabled(), "the Kubernetes join is not enabled");
    assertFalse(join.getTcpIpConfig().isEnabled(), "TCP/IP join enabled beside Kubernetes");
    assertFalse(join.getMulticastConfig().isEnabled(), "multicast join enabled beside Kubernetes");

    String dns = join.getKubernetesConfig().getProperty("service-dns");
    assertNotNull(dns, "no service-dns: Hazelcast would try the Kubernetes API, which needs RBAC");
    KubernetesManifests.Document headless = headlessService();
    String[] labels = dns.split("\\.");
    assertEquals(headless.name(), labels[0], "service-dns " + dns + " does not name the headless Service");
    assertTrue(labels.length >= 3 && labels[1].equals(KubernetesManifests.NAMESPACE_PLACEHOLDER) && labels[2].equals("svc"),
      "service-dns " + dns + " must be <service>.<the pod's namespace>.svc...: the Service lives in the pod's namespace");

    JsonObject spec = headless.content().getJsonObject("spec");
    assertEquals(Boolean.TRUE, spec.getValue("publishNotReadyAddresses"), "the headless Service must list pods before "
      + "they are ready: a pod is ready only after joining, and it joins through this name");
    assertEquals(headless.name(), manifests.workload().content().getJsonObject("spec").getString("serviceName", headless.name()),
      "the StatefulSet's serviceName is not the headless Service");

    int hazelcastPort = config.getNetworkConfig().getPort();
    assertTrue(servicePortNumbers(headless).contains(hazelcastPort),
      "the headless Service does not reach the Hazelcast port " + hazelcastPort);
    assertTrue(manifests.containerPorts().contains(hazelcastPort), "the Hazelcast port is not a container port");
    String servicePort = join.getKubernetesConfig().getProperty("service-port");
    if (servicePort != null) {
      assertEquals(hazelcastPort, Integer.parseInt(servicePort), "DNS discovery would look for members on another port");
    }
    assertEquals(topLevelClusterConfig().getNetworkConfig().getPort(), hazelcastPort,
      "the Kubernetes cluster file and the top-level cluster.xml use different Hazelcast ports");
    assertEquals(environment.get("SB_CLUSTER_NAME"), config.getClusterName(), "SB_CLUSTER_NAME was not applied");
    assertEquals(List.of(KubernetesManifests.POD_IP_PLACEHOLDER),
      new ArrayList<>(config.getNetworkConfig().getInterfaces().getInterfaces()),
      "Hazelcast does not bind to the pod IP (SB_CLUSTER_HOST from status.podIP)");
  }

  @Test
  void aDiscoveryJoinWaitsForTheDiscovery() {
    // Hazelcast 5.3's DiscoveryJoiner asks the discovery for members only while this many seconds have not passed
    // since the join began: at 0 it never asks, and every pod forms a cluster of its own (seen on this machine).
    Config config = clusterConfig();
    int wait = Integer.parseInt(config.getProperty(WAIT_BEFORE_JOIN) == null ? "5" : config.getProperty(WAIT_BEFORE_JOIN));
    assertTrue(wait >= 1, WAIT_BEFORE_JOIN + " is " + wait + ": a discovery join would never ask the discovery");
  }

  @Test
  void theKubernetesClusterFileKeepsTheTopLevelSettings() {
    Config kubernetes = clusterConfig();
    Config topLevel = topLevelClusterConfig();
    Properties kubernetesProperties = new Properties();
    kubernetesProperties.putAll(kubernetes.getProperties());
    Properties topLevelProperties = new Properties();
    topLevelProperties.putAll(topLevel.getProperties());
    kubernetesProperties.remove(WAIT_BEFORE_JOIN);
    topLevelProperties.remove(WAIT_BEFORE_JOIN);
    assertEquals(topLevelProperties, kubernetesProperties, "Hazelcast properties differ from cluster.xml");
    assertEquals(topLevel.getMapConfigs(), kubernetes.getMapConfigs(), "map settings differ from cluster.xml");
    assertEquals(topLevel.getMultiMapConfigs(), kubernetes.getMultiMapConfigs(), "multimap settings differ from cluster.xml");
  }

  @Test
  void theEventBusHasAFixedPortBesideHazelcasts() {
    List<String> arguments = new ArrayList<>(launcherArguments());
    arguments.addAll(strings(manifests.container().getJsonArray("args", new JsonArray())));
    String eventBusPort = DockerfileInstructions.optionValue(arguments, "-cluster-port");
    assertNotNull(eventBusPort, "no -cluster-port: the event bus would listen on a random port");
    int port = Integer.parseInt(eventBusPort);
    assertTrue(manifests.containerPorts().contains(port), "the event-bus port " + port + " is not a container port");
    Config config = clusterConfig();
    int first = config.getNetworkConfig().getPort();
    int last = config.getNetworkConfig().isPortAutoIncrement() ? first + config.getNetworkConfig().getPortCount() - 1 : first;
    assertTrue(port < first || port > last,
      "the event-bus port " + port + " is among the ports Hazelcast may take (" + first + "-" + last + ")");
  }

  // ---- drain, scaling, disruptions

  @Test
  void theTerminationGracePeriodOutlastsTheDrain() {
    SwitchboardConfig config = ConfigLoader.load(configurationJson, environment);
    Integer grace = manifests.podSpec().getInteger("terminationGracePeriodSeconds");
    assertNotNull(grace, "no terminationGracePeriodSeconds (the default 30 s is not tied to shutdown.graceMs)");
    assertTrue(grace * 1000L > config.shutdown().graceMs(), "terminationGracePeriodSeconds " + grace
      + " s does not exceed shutdown.graceMs " + config.shutdown().graceMs() + " ms: Kubernetes would kill the drain");
  }

  @Test
  void theAutoscalerScalesTheBrokersOnCpu() {
    List<KubernetesManifests.Document> autoscalers = manifests.ofKind("HorizontalPodAutoscaler");
    assertEquals(1, autoscalers.size(), "one HorizontalPodAutoscaler");
    JsonObject autoscaler = autoscalers.get(0).content();
    assertEquals("autoscaling/v2", autoscaler.getString("apiVersion"));
    JsonObject spec = autoscaler.getJsonObject("spec");
    KubernetesManifests.Document workload = manifests.workload();
    JsonObject target = spec.getJsonObject("scaleTargetRef");
    assertEquals(workload.kind(), target.getString("kind"), "the autoscaler targets another kind");
    assertEquals(workload.name(), target.getString("name"), "the autoscaler targets another workload");
    assertEquals(workload.content().getString("apiVersion"), target.getString("apiVersion"));
    int min = spec.getInteger("minReplicas", 1);
    assertTrue(min >= 2, "fewer than 2 replicas: one node's loss would lose the cluster state");
    assertTrue(spec.getInteger("maxReplicas") >= min);
    assertFalse(workload.content().getJsonObject("spec").containsKey("replicas"),
      "the workload sets replicas: every apply would reset what the autoscaler chose");

    boolean cpu = spec.getJsonArray("metrics").stream().map(JsonObject.class::cast)
      .anyMatch(m -> "Resource".equals(m.getString("type")) && "cpu".equals(m.getJsonObject("resource").getString("name")));
    assertTrue(cpu, "the autoscaler has no CPU metric");
    JsonObject requests = manifests.container().getJsonObject("resources", new JsonObject()).getJsonObject("requests");
    assertTrue(requests != null && requests.containsKey("cpu"), "CPU utilization needs a CPU request on the container");
    assertTrue(requests.containsKey("memory"), "no memory request");
    JsonObject limits = manifests.container().getJsonObject("resources").getJsonObject("limits");
    assertTrue(limits != null && limits.containsKey("memory"), "no memory limit: -XX:MaxRAMPercentage would size the "
      + "heap from the whole machine");
  }

  @Test
  void theDisruptionBudgetLetsOneBackupWorthOfNodesGo() {
    JsonObject spec = manifests.ofKind("PodDisruptionBudget").get(0).content().getJsonObject("spec");
    assertTrue(spec.containsKey("maxUnavailable"), "state the budget as maxUnavailable (the replica count moves)");
    int maxUnavailable = spec.getInteger("maxUnavailable");
    Config config = clusterConfig();
    int fewestBackups = config.getMapConfigs().values().stream().mapToInt(m -> m.getBackupCount() + m.getAsyncBackupCount())
      .min().orElse(0);
    assertTrue(maxUnavailable >= 1, "a budget of 0 blocks every node drain");
    assertTrue(maxUnavailable <= fewestBackups, "up to " + maxUnavailable + " pods may go at once but the cluster "
      + "maps keep only " + fewestBackups + " backup(s): an entry and all its copies could go together");
  }

  // ---- the image

  @Test
  void theDockerfileAgreesWithTheManifests() {
    assertEquals(new TreeSet<>(manifests.containerPorts()), new TreeSet<>(dockerfile.exposedPorts()),
      "EXPOSE and the container ports differ");

    List<String> entrypoint = dockerfile.entrypoint();
    assertEquals("java", Path.of(entrypoint.get(0)).getFileName().toString(), "the entrypoint does not run java itself");
    String jar = DockerfileInstructions.optionValue(entrypoint, "-jar");
    assertNotNull(jar, "the entrypoint runs no -jar");
    assertTrue(dockerfile.copies().stream().anyMatch(c -> c.destination().equals(jar) && c.sources().contains("target/switchboard.jar")),
      "the image does not copy target/switchboard.jar to " + jar);
    assertTrue(launcherArguments().contains("-cluster"), "the entrypoint does not pass -cluster");

    String user = dockerfile.user();
    assertNotNull(user, "the image runs as root");
    String uid = user.split(":")[0];
    assertTrue(uid.matches("[0-9]+") && !uid.equals("0"),
      "USER " + user + ": a numeric non-root user, so that runAsNonRoot can verify it");

    for (DockerfileInstructions.Copy copy : dockerfile.copies()) {
      for (String source : copy.sources()) {
        assertTrue(Files.exists(Path.of(source)) || source.startsWith("target/"), "COPY of a missing file " + source);
        assertFalse(DockerfileInstructions.ignored(DOCKERIGNORE, source), ".dockerignore leaves out " + source);
      }
    }

    // The ForkJoinPool fix (DESIGN "Stack facts") in the JVM flags the pod runs with.
    List<String> jvmFlags = new ArrayList<>(entrypoint.subList(1, entrypoint.indexOf("-jar")));
    jvmFlags.addAll(List.of(environment.getOrDefault("JAVA_TOOL_OPTIONS", "").split("\\s+")));
    Map<String, String> properties = systemProperties(jvmFlags);
    String parallelism = properties.get("java.util.concurrent.ForkJoinPool.common.parallelism");
    assertTrue(parallelism != null && Integer.parseInt(parallelism) >= 2,
      "the common ForkJoinPool needs at least 2 threads or Hazelcast starts a thread per callback: " + parallelism);
  }

  @Test
  void theImagesDefaultConfigurationIsTheOneKubernetesMounts() {
    String confPath = DockerfileInstructions.optionValue(launcherArguments(), "-conf");
    List<DockerfileInstructions.Copy> toConf = dockerfile.copies().stream()
      .filter(c -> c.destination().equals(confPath)).toList();
    for (DockerfileInstructions.Copy copy : toConf) {
      assertEquals(List.of(K8S.relativize(configurationFile).toString()),
        copy.sources().stream().map(s -> K8S.relativize(Path.of(s)).toString()).toList(),
        "the image's default configuration is not the one the ConfigMap carries");
    }
  }

  // ---- helpers

  private static List<String> launcherArguments() {
    List<String> entrypoint = dockerfile.entrypoint();
    int jar = entrypoint.indexOf("-jar");
    return jar < 0 ? List.of() : entrypoint.subList(jar + 2, entrypoint.size());
  }

  /** The Hazelcast configuration the pod builds: its cluster file through ClusterSetup with its SB_CLUSTER_* values. */
  private static Config clusterConfig() {
    String clusterFile = systemProperties(List.of(environment.getOrDefault("JAVA_TOOL_OPTIONS", "").split("\\s+")))
      .get("vertx.hazelcast.config");
    Path local;
    if (clusterFile == null) {
      local = TOP_LEVEL_CLUSTER_XML; // the copy in the jar
    } else {
      local = manifests.fileMountedAt(clusterFile).orElseThrow(() -> new AssertionError(
        "vertx.hazelcast.config " + clusterFile + " is not a file of a ConfigMap the pod mounts"));
    }
    String previous = System.getProperty("vertx.hazelcast.config");
    System.setProperty("vertx.hazelcast.config", local.toAbsolutePath().toString());
    try {
      return ClusterSetup.config(ClusterSettings.fromEnvironment(environment));
    } finally {
      if (previous == null) {
        System.clearProperty("vertx.hazelcast.config");
      } else {
        System.setProperty("vertx.hazelcast.config", previous);
      }
    }
  }

  private static Config topLevelClusterConfig() {
    try (InputStream in = Files.newInputStream(TOP_LEVEL_CLUSTER_XML)) {
      return new XmlConfigBuilder(in).build();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static KubernetesManifests.Document headlessService() {
    List<KubernetesManifests.Document> headless = manifests.ofKind("Service").stream()
      .filter(s -> "None".equals(s.content().getJsonObject("spec").getString("clusterIP"))).toList();
    assertEquals(1, headless.size(), "expected one headless Service (clusterIP: None)");
    return headless.get(0);
  }

  /** The container ports a Service's ports lead to. */
  private static List<Integer> servicePortNumbers(KubernetesManifests.Document service) {
    JsonArray ports = service.content().getJsonObject("spec").getJsonArray("ports");
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      JsonObject port = ports.getJsonObject(i);
      numbers.add(manifests.containerPort(port.getValue("targetPort", port.getValue("port"))));
    }
    return numbers;
  }

  private static void assertServiceReaches(String name, int containerPort) {
    KubernetesManifests.Document service = manifests.named("Service", name);
    assertTrue(servicePortNumbers(service).contains(containerPort), "Service " + name + " does not lead to port " + containerPort);
    JsonArray ports = service.content().getJsonObject("spec").getJsonArray("ports");
    for (int i = 0; i < ports.size(); i++) {
      JsonObject port = ports.getJsonObject(i);
      if (manifests.containerPort(port.getValue("targetPort", port.getValue("port"))) == containerPort) {
        assertEquals(containerPort, port.getInteger("port"),
          "Service " + name + " publishes port " + port.getInteger("port") + " for the node's " + containerPort
            + ": clients and docs would disagree");
      }
    }
  }

  private static JsonObject httpGet(JsonObject container, String probe) {
    JsonObject definition = container.getJsonObject(probe);
    if (definition == null) {
      return null;
    }
    JsonObject get = definition.getJsonObject("httpGet");
    assertNotNull(get, probe + " is not an HTTP GET");
    return get;
  }

  private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static JsonObject exampleSecret() {
    List<KubernetesManifests.Document> secrets = new ArrayList<>();
    for (Path file : KubernetesManifests.yamlFiles(K8S)) {
      if (file.getFileName().toString().contains(".example.")) {
        for (JsonObject document : KubernetesManifests.parseYaml(file)) {
          if ("Secret".equals(document.getString("kind"))) {
            secrets.add(new KubernetesManifests.Document(file, document));
          }
        }
      }
    }
    assertEquals(1, secrets.size(), "expected one example Secret (*.example.yaml) in k8s/");
    return secrets.get(0).content();
  }

  private static Map<String, String> systemProperties(List<String> flags) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (String flag : flags) {
      Matcher matcher = SYSTEM_PROPERTY.matcher(flag);
      if (matcher.matches()) {
        properties.put(matcher.group(1), matcher.group(2));
      }
    }
    return properties;
  }

  private static ConfigKey keyNamed(String environmentName) {
    return ConfigSchema.KEYS.stream().filter(k -> k.environmentName().equals(environmentName)).findFirst().orElse(null);
  }

  private static Object valueAt(JsonObject json, String path) {
    Object current = json;
    for (String part : path.split("\\.")) {
      if (!(current instanceof JsonObject object)) {
        return null;
      }
      current = object.getValue(part);
    }
    return current;
  }

  private static List<String> strings(JsonArray array) {
    return array.stream().map(String::valueOf).toList();
  }

}
