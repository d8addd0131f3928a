package dev.switchboard.codec;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.*;

/** Frames written straight to bytes are the JSON a tree would give: plain ASCII copied, everything else escaped. */
class JsonBytesWriterTest {

  @Test
  void stringsAreEscapedExactlyWhereJsonNeedsIt() {
    String[] values = {"", "plain ascii / 123", "quote \" backslash \\", "tab\tnew\nline\u0001", "h\u00e9 \u4e2d \ud83d\ude00", "del\u007f"};
    for (String value : values) {
      byte[] bytes = JsonBytesWriter.object(4).stringField("k", value).stringField(value, "v").finish();
      JsonObject parsed = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
      assertEquals(value, parsed.getString("k"), value);
      assertEquals("v", parsed.getString(value), value);
    }
  }

  @Test
  void nestedObjectsRawValuesAndNumbers() {
    byte[] bytes = JsonBytesWriter.object(1).stringField("a", "x").beginObject("b").beginObject("c").endObject()
      .numberField("n", -5).endObject().rawField("r", "[1,{\"z\":null}]".getBytes(StandardCharsets.UTF_8))
      .stringField("s", null).finish();
    assertEquals("{\"a\":\"x\",\"b\":{\"c\":{},\"n\":-5},\"r\":[1,{\"z\":null}],\"s\":null}",
      new String(bytes, StandardCharsets.UTF_8));
  }

  @Test
  void rawTextIsWrittenAsUtf8AndTheBufferHoldsExactlyTheObject() {
    String raw = "[\"ascii\",\"h\u00e9 \u4e2d \ud83d\ude00\",1]";
    Buffer buffer = JsonBytesWriter.object(1).rawField("a", "{}").rawField("b", raw).finishBuffer();
    assertEquals("{\"a\":{},\"b\":" + raw + "}", buffer.toString(StandardCharsets.UTF_8));
    assertEquals(("{\"a\":{},\"b\":" + raw + "}").getBytes(StandardCharsets.UTF_8).length, buffer.length());
  }
}
