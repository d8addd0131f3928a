package dev.switchboard.ops;

import io.vertx.core.json.JsonArray;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The instructions of the top-level {@code Dockerfile} as {@link KubernetesManifestsTest} needs them (EXPOSE,
 * exec-form ENTRYPOINT, USER, COPY), and whether its {@code .dockerignore} keeps a file in the build context.
 * Handles line continuations and comments; not a full Dockerfile parser (no variables, no heredocs).
 */
final class DockerfileInstructions {

  record Instruction(String keyword, String arguments) {
  }

  record Copy(List<String> sources, String destination) {
  }

  final List<Instruction> instructions;

  private DockerfileInstructions(List<Instruction> instructions) {
    this.instructions = instructions;
  }

  static DockerfileInstructions read(Path dockerfile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(dockerfile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.strip();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String text = current.toString().strip();
      current.setLength(0);
      if (text.isEmpty()) {
        continue;
      }
      int space = text.indexOf(' ');
      instructions.add(space < 0
        ? new Instruction(text.toUpperCase(Locale.ROOT), "")
        : new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1).strip()));
    }
    return new DockerfileInstructions(instructions);
  }

  List<String> all(String keyword) {
    return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
  }

  /** The port numbers of every EXPOSE ({@code 3207} or {@code 3207/tcp}). */
  List<Integer> exposedPorts() {
    return all("EXPOSE").stream()
      .flatMap(arguments -> Arrays.stream(arguments.split("\\s+")))
      .map(port -> Integer.parseInt(port.replaceAll("/.*", "")))
      .toList();
  }

  /** The last ENTRYPOINT, which must be in exec form (a JSON array) so that java is PID 1 and gets SIGTERM. */
  List<String> entrypoint() {
    List<String> entrypoints = all("ENTRYPOINT");
    if (entrypoints.isEmpty()) {
      throw new AssertionError("the Dockerfile has no ENTRYPOINT");
    }
    String last = entrypoints.get(entrypoints.size() - 1);
    if (!last.startsWith("[")) {
      throw new AssertionError("ENTRYPOINT is in shell form: java would not be PID 1 and would not get SIGTERM: " + last);
    }
    return new JsonArray(last).stream().map(String::valueOf).toList();
  }

  /** The value after {@code option} in {@code arguments}, or null. */
  static String optionValue(List<String> arguments, String option) {
    int index = arguments.indexOf(option);
    return index >= 0 && index + 1 < arguments.size() ? arguments.get(index + 1) : null;
  }

  /** The last USER, or null (root). */
  String user() {
    List<String> users = all("USER");
    return users.isEmpty() ? null : users.get(users.size() - 1);
  }

  List<Copy> copies() {
    List<Copy> copies = new ArrayList<>();
    for (String arguments : all("COPY")) {
      List<String> words = Arrays.stream(arguments.split("\\s+")).filter(w -> !w.startsWith("--")).toList();
      copies.add(new Copy(words.subList(0, words.size() - 1), words.get(words.size() - 1)));
    }
    return copies;
  }

  /**
   * Whether {@code .dockerignore} leaves {@code relativePath} out of the build context: the last pattern that
   * matches the path or one of its parent folders decides, {@code !} re-includes.
   */
  static boolean ignored(Path dockerignore, String relativePath) {
    if (!Files.exists(dockerignore)) {
      return false;
    }
    List<String> patterns;
    try {
      patterns = Files.readAllLines(dockerignore);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean ignored = false;
    for (String line : patterns) {
      String pattern = line.strip();
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      boolean include = pattern.startsWith("!");
      pattern = pattern.replaceFirst("^!", "").replaceFirst("^/", "").replaceAll("/$", "");
      var matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
      Path path = Path.of(relativePath);
      boolean matches = false;
      for (Path prefix = path; prefix != null; prefix = prefix.getParent()) {
        matches |= matcher.matches(prefix);
      }
      if (matches) {
        ignored = !include;
      }
    }
    return ignored;
  }
}
