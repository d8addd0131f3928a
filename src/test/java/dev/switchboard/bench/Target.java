package dev.switchboard.bench;

/** What a scenario runs against: the Switchboard broker (sync dialect) or the bare Vert.x relay baseline. */
enum Target {
  BROKER("sync broker"),
  RELAY("bare relay");

  final String label;

  Target(String label) {
    this.label = label;
  }

  ServerProcess start(ServerLauncher launcher, ServerJvm jvm, String runName) {
    return this == BROKER ? launcher.startBroker(jvm, runName) : launcher.startRelay(jvm, runName);
  }
}
