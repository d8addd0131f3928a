package dev.switchboard;

import io.vertx.launcher.application.VertxApplication;

/**
 * The {@code java -jar} entry point: fixes JVM settings that must be in place before anything starts,
 * then runs the Vert.x launcher ({@code -conf}, {@code -cluster}, {@code -instances}, {@code -h}) with our hooks.
 * It extends the launcher because the launcher reads {@code Main-Verticle} from the manifest whose
 * {@code Main-Class} is the launcher class.
 */
public final class Main extends VertxApplication {

  private Main(String[] args) {
    super(args, new SwitchboardLauncherHooks());
  }

  public static void main(String[] args) {
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
