package dev.switchboard;

import dev.switchboard.config.ConfigKey;
import dev.switchboard.config.ConfigSchema;
import io.vertx.launcher.application.impl.VertxApplicationCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** {@code -h} (SPEC §5): every launcher option, every configuration key's variable, our command and settings. */
class CommandLineHelpTest {

  @Test
  void theHelpNamesEveryOptionOfTheLauncher() {
    String help = CommandLineHelp.text();
    List<String> names = new ArrayList<>();
    for (Field field : VertxApplicationCommand.class.getDeclaredFields()) {
      CommandLine.Option option = field.getAnnotation(CommandLine.Option.class);
      if (option != null) {
        names.addAll(List.of(option.names()));
      }
    }
    assertTrue(names.containsAll(List.of("-conf", "-cluster", "-instances", "-h")), names::toString);
    for (String name : names) {
      assertTrue(help.matches("(?s).*(^|[\\s,\\[])" + java.util.regex.Pattern.quote(name) + "([\\s,=\\]]|$).*"),
        "help lacks " + name);
    }
    assertFalse(help.contains("<mainVerticle>"), "Switchboard takes no main verticle argument");
  }

  @Test
  void theHelpDocumentsOurOptionsCommandsAndEnvironment() {
    String help = CommandLineHelp.text();
    for (String text : List.of("-conf FILE|JSON", "-cluster ", "-instances N", "conf/switchboard.json",
      "java -jar switchboard.jar vapid-keys [SUBJECT]", "SB_CLUSTER_NAME", "SB_CLUSTER_MEMBERS", "SB_CLUSTER_PORT",
      "SB_CLUSTER_HOST", "SB_CLUSTER_KUBERNETES_SERVICE_DNS", "WS_PORT", "/health/ready", "/admin/")) {
      assertTrue(help.contains(text), "help lacks " + text);
    }
    for (ConfigKey key : ConfigSchema.KEYS) {
      assertTrue(help.contains(key.path()) && help.contains(key.environmentName()), "help lacks " + key.path());
    }
    assertTrue(help.lines().allMatch(line -> line.length() <= CommandLineHelp.MAX_LINE), "lines fit a terminal");
  }

  @Test
  void helpIsAskedWithAnyOfItsSpellings() {
    assertTrue(CommandLineHelp.isHelpRequest(new String[]{"-h"}));
    assertTrue(CommandLineHelp.isHelpRequest(new String[]{"-conf", "x.json", "--help"}));
    assertTrue(CommandLineHelp.isHelpRequest(new String[]{"-HELP"}));
    assertFalse(CommandLineHelp.isHelpRequest(new String[]{"-conf", "x.json", "-cluster"}));
  }
}
