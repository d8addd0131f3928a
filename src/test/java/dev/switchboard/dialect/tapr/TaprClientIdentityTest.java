package dev.switchboard.dialect.tapr;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class TaprClientIdentityTest {

  @Test
  void readsUserTokenCookieAndUserAgent() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
      .add("x-bfl-user", "alice")
      .add("Cookie", "a=1; auth_token=tok.en-1; b=2")
      .add("User-Agent", "Agent/1");
    TaprClientIdentity identity = TaprClientIdentity.read(headers, "X-Bfl-User");
    assertEquals(new TaprClientIdentity("alice", "tok.en-1", "a=1; auth_token=tok.en-1; b=2", "Agent/1"), identity);
  }

  @Test
  void absentHeadersGiveAnEmptyUserNoTokenNoCookie() {
    assertEquals(new TaprClientIdentity("", null, null, ""),
      TaprClientIdentity.read(MultiMap.caseInsensitiveMultiMap(), "X-Bfl-User"));
  }

  @Test
  void severalCookieHeadersAreJoinedAndSearched() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Cookie", "a=1").add("Cookie", "auth_token=t2");
    TaprClientIdentity identity = TaprClientIdentity.read(headers, "X-Bfl-User");
    assertEquals("a=1; auth_token=t2", identity.cookie());
    assertEquals("t2", identity.token());
  }

  @Test
  void aCookieWithoutAuthTokenGivesNoToken() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Cookie", "session=x; auth_tokens=no");
    assertNull(TaprClientIdentity.read(headers, "X-Bfl-User").token());
  }

  @Test
  void theUserHeaderNameIsTheConfiguredOne() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Remote-User", "bob").add("X-Bfl-User", "eve");
    assertEquals("bob", TaprClientIdentity.read(headers, "X-Remote-User").user());
  }
}
