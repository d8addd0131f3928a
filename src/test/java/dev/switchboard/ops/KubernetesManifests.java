package dev.switchboard.ops;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The manifests under {@code k8s/} as {@link KubernetesManifestsTest} reads them: every YAML document of every file,
 * the kustomization with its generated ConfigMaps, and the broker's workload, container and environment as a pod
 * would see them. Reads only; every judgement is the test's.
 */
final class KubernetesManifests {

  /** Values the pod would get from the downward API; the test only needs them to be recognisable. */
  static final String NAMESPACE_PLACEHOLDER = "namespace-under-test";
  static final String POD_IP_PLACEHOLDER = "10.11.12.13";

  private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  final Path directory;
  final JsonObject kustomization;
  /** Every document of every YAML file except the kustomization, with the file it came from. */
  final List<Document> documents;

  record Document(Path file, JsonObject content) {
    String kind() {
      return content.getString("kind");
    }

    String name() {
      JsonObject metadata = content.getJsonObject("metadata");
      return metadata == null ? null : metadata.getString("name");
    }
  }

  private KubernetesManifests(Path directory, JsonObject kustomization, List<Document> documents) {
    this.directory = directory;
    this.kustomization = kustomization;
    this.documents = documents;
  }

  static KubernetesManifests load(Path directory) {
    List<Document> documents = new ArrayList<>();
    JsonObject kustomization = null;
    for (Path file : yamlFiles(directory)) {
      for (JsonObject content : parseYaml(file)) {
        if (file.getFileName().toString().equals("kustomization.yaml")) {
          kustomization = content;
        } else {
          documents.add(new Document(file, content));
        }
      }
    }
    if (kustomization == null) {
      throw new IllegalStateException("no kustomization.yaml in " + directory);
    }
    return new KubernetesManifests(directory, kustomization, documents);
  }

  static List<Path> yamlFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<JsonObject> parseYaml(Path file) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<JsonObject> result = new ArrayList<>();
    try {
      for (Object document : yaml.loadAll(Files.readString(file))) {
        if (document == null) {
          continue;
        }
        if (!(document instanceof Map<?, ?> map)) {
          throw new IllegalStateException(file + ": a document is not a mapping");
        }
        result.add(new JsonObject((Map<String, Object>) map));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  List<Document> ofKind(String kind) {
    return documents.stream().filter(d -> kind.equals(d.kind())).toList();
  }

  Document named(String kind, String name) {
    return ofKind(kind).stream().filter(d -> name.equals(d.name())).findFirst()
      .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + directory));
  }

  /** The one StatefulSet or Deployment: the broker nodes. */
  Document workload() {
    List<Document> workloads = documents.stream()
      .filter(d -> "StatefulSet".equals(d.kind()) || "Deployment".equals(d.kind())).toList();
    if (workloads.size() != 1) {
      throw new AssertionError("expected one StatefulSet or Deployment, found " + workloads.size());
    }
    return workloads.get(0);
  }

  JsonObject podSpec() {
    return workload().content().getJsonObject("spec").getJsonObject("template").getJsonObject("spec");
  }

  JsonObject podLabels() {
    return workload().content().getJsonObject("spec").getJsonObject("template").getJsonObject("metadata")
      .getJsonObject("labels");
  }

  /** The broker container: the only one, or the one named after the workload. */
  JsonObject container() {
    JsonArray containers = podSpec().getJsonArray("containers");
    if (containers.size() == 1) {
      return containers.getJsonObject(0);
    }
    String name = workload().name();
    for (int i = 0; i < containers.size(); i++) {
      if (name.equals(containers.getJsonObject(i).getString("name"))) {
        return containers.getJsonObject(i);
      }
    }
    throw new AssertionError("no container named " + name);
  }

  /** Container port number of a probe's or Service's target: a port name of the container, or a number. */
  int containerPort(Object nameOrNumber) {
    if (nameOrNumber instanceof Number number) {
      return number.intValue();
    }
    JsonArray ports = container().getJsonArray("ports");
    for (int i = 0; i < ports.size(); i++) {
      JsonObject port = ports.getJsonObject(i);
      if (nameOrNumber.equals(port.getString("name"))) {
        return port.getInteger("containerPort");
      }
    }
    throw new AssertionError("the container has no port named " + nameOrNumber);
  }

  List<Integer> containerPorts() {
    JsonArray ports = container().getJsonArray("ports");
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      numbers.add(ports.getJsonObject(i).getInteger("containerPort"));
    }
    return numbers;
  }

  /** The container's {@code env} entries in order. */
  List<JsonObject> environmentEntries() {
    JsonArray env = container().getJsonArray("env", new JsonArray());
    List<JsonObject> entries = new ArrayList<>();
    for (int i = 0; i < env.size(); i++) {
      entries.add(env.getJsonObject(i));
    }
    return entries;
  }

  /**
   * The environment the process would see, as far as the manifests decide it: literal values with {@code $(VAR)}
   * references to earlier variables expanded as Kubernetes does, downward-API fields as placeholders, Secret keys
   * from {@code secret} (an optional key it lacks leaves the variable out; a required one it lacks fails).
   */
  Map<String, String> environment(JsonObject secret) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (JsonObject entry : environmentEntries()) {
      String name = entry.getString("name");
      if (entry.containsKey("value")) {
        environment.put(name, expand(String.valueOf(entry.getValue("value")), environment));
        continue;
      }
      JsonObject from = entry.getJsonObject("valueFrom");
      if (from == null) {
        environment.put(name, "");
      } else if (from.containsKey("fieldRef")) {
        String field = from.getJsonObject("fieldRef").getString("fieldPath");
        environment.put(name, switch (field) {
          case "metadata.namespace" -> NAMESPACE_PLACEHOLDER;
          case "status.podIP" -> POD_IP_PLACEHOLDER;
          default -> field + "-placeholder";
        });
      } else if (from.containsKey("secretKeyRef")) {
        JsonObject reference = from.getJsonObject("secretKeyRef");
        String value = secretValue(secret, reference.getString("key"));
        if (value != null) {
          environment.put(name, value);
        } else if (!reference.getBoolean("optional", false)) {
          throw new AssertionError(name + " needs key '" + reference.getString("key") + "' of Secret '"
            + reference.getString("name") + "', which " + secretFileName(secret) + " does not have");
        }
      } else {
        throw new AssertionError(name + ": this test does not know valueFrom " + from.fieldNames());
      }
    }
    return environment;
  }

  /** Kubernetes' dependent environment variables: {@code $(NAME)} of a variable defined earlier is replaced. */
  static String expand(String value, Map<String, String> earlier) {
    Matcher matcher = VARIABLE_REFERENCE.matcher(value);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String replacement = earlier.getOrDefault(matcher.group(1), matcher.group());
      matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private static String secretValue(JsonObject secret, String key) {
    JsonObject stringData = secret.getJsonObject("stringData", new JsonObject());
    if (stringData.containsKey(key)) {
      return String.valueOf(stringData.getValue(key));
    }
    JsonObject data = secret.getJsonObject("data", new JsonObject());
    if (data.containsKey(key)) {
      return new String(java.util.Base64.getDecoder().decode(data.getString(key)), java.nio.charset.StandardCharsets.UTF_8);
    }
    return null;
  }

  private static String secretFileName(JsonObject secret) {
    return "the example Secret '" + secret.getJsonObject("metadata").getString("name") + "'";
  }

  /** {@code name -> file} of each configMapGenerator entry, the key being what the ConfigMap calls the file. */
  Map<String, Map<String, Path>> generatedConfigMaps() {
    Map<String, Map<String, Path>> result = new LinkedHashMap<>();
    JsonArray generators = kustomization.getJsonArray("configMapGenerator", new JsonArray());
    for (int i = 0; i < generators.size(); i++) {
      JsonObject generator = generators.getJsonObject(i);
      Map<String, Path> files = new LinkedHashMap<>();
      JsonArray entries = generator.getJsonArray("files", new JsonArray());
      for (int j = 0; j < entries.size(); j++) {
        String entry = entries.getString(j);
        int equals = entry.indexOf('=');
        String source = equals < 0 ? entry : entry.substring(equals + 1);
        String key = equals < 0 ? Path.of(entry).getFileName().toString() : entry.substring(0, equals);
        files.put(key, directory.resolve(source));
      }
      result.put(generator.getString("name"), files);
    }
    return result;
  }

  /**
   * The file of this repository that the container sees at {@code containerPath}, through a volume mount of a
   * ConfigMap generated by the kustomization; empty when no such mount covers the path.
   */
  Optional<Path> fileMountedAt(String containerPath) {
    JsonArray mounts = container().getJsonArray("volumeMounts", new JsonArray());
    for (int i = 0; i < mounts.size(); i++) {
      JsonObject mount = mounts.getJsonObject(i);
      String mountPath = mount.getString("mountPath").replaceAll("/+$", "");
      if (!containerPath.startsWith(mountPath + "/") || mount.containsKey("subPath")) {
        continue;
      }
      String key = containerPath.substring(mountPath.length() + 1);
      Optional<JsonObject> volume = volume(mount.getString("name"));
      if (volume.isEmpty() || !volume.get().containsKey("configMap")) {
        continue;
      }
      Map<String, Path> files = generatedConfigMaps().get(volume.get().getJsonObject("configMap").getString("name"));
      if (files != null && files.containsKey(key)) {
        return Optional.of(files.get(key));
      }
    }
    return Optional.empty();
  }

  private Optional<JsonObject> volume(String name) {
    JsonArray volumes = podSpec().getJsonArray("volumes", new JsonArray());
    for (int i = 0; i < volumes.size(); i++) {
      if (name.equals(volumes.getJsonObject(i).getString("name"))) {
        return Optional.of(volumes.getJsonObject(i));
      }
    }
    return Optional.empty();
  }

  /** Whether every label of {@code selector} is on the pods (an empty selector selects nothing useful here). */
  boolean selectsThePods(JsonObject selector) {
    if (selector == null || selector.isEmpty()) {
      return false;
    }
    JsonObject labels = podLabels();
    return selector.stream().allMatch(e -> String.valueOf(e.getValue()).equals(String.valueOf(labels.getValue(e.getKey()))));
  }
}
