package dev.switchboard;

import dev.switchboard.dialect.push.webpush.VapidKeyGenerator;
import io.vertx.launcher.application.VertxApplication;

/**
 * The {@code java -jar} entry point: fixes JVM settings that must be in place before anything starts,
 * then runs the Vert.x launcher ({@code -conf}, {@code -cluster}, {@code -instances} …) with our hooks. {@code -h}
 * prints {@link CommandLineHelp}; {@code vapid-keys [SUBJECT]} prints a new VAPID key pair.
 * It extends the launcher because the launcher reads {@code Main-Verticle} from the manifest whose
 * {@code Main-Class} is the launcher class.
 */
public final class Main extends VertxApplication {

  private Main(String[] args) {
    super(args, new SwitchboardLauncherHooks());
  }

  public static void main(String[] args) {
    if (CommandLineHelp.isHelpRequest(args)) {
      System.out.print(CommandLineHelp.text());
      System.exit(0);
    }
    if (args.length > 0 && args[0].equals(CommandLineHelp.VAPID_KEYS_COMMAND)) {
      VapidKeyGenerator.main(java.util.Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    // On a JVM with 2 CPUs the common pool has one thread, which Hazelcast refuses: it would then start a
    // thread for every async callback (DESIGN "Stack facts"). Must be set before the pool is first used.
    if (System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism") == null) {
      System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism",
        Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
    }
    NodeShutdown.onTerminationSignal();
    new Main(args).launch();
  }
}
