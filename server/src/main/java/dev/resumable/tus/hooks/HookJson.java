package dev.resumable.tus.hooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.resumable.tus.http.HookRequest;
import dev.resumable.tus.http.HookResponse;
import dev.resumable.tus.store.UploadInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * tusd v2's hook JSON. Requests: {@code {"Type", "Event": {"Upload": {ID, Size, SizeIsDeferred, Offset, MetaData,
 * IsPartial, IsFinal, PartialUploads, Storage}, "HTTPRequest": {Method, URI, RemoteAddr, Header}}}} plus
 * {@code IdempotencyKey} on asynchronous events. Responses are read leniently: unknown fields are ignored, a blank
 * body is an empty response.
 */
public final class HookJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HookJson() {
  }

  /** The request body for an event. A pre-create event carries no ID and no storage yet, as in tusd. */
  public static byte[] request(HookType type, UploadInfo upload, HookRequest request, String idempotencyKey) {
    ObjectNode root = JSON.createObjectNode();
    root.put("Type", type.eventName());
    ObjectNode event = root.putObject("Event");
    event.set("Upload", upload(type, upload));
    ObjectNode http = event.putObject("HTTPRequest");
    http.put("Method", request.method());
    http.put("URI", request.uri());
    http.put("RemoteAddr", request.remoteAddr());
    ObjectNode header = http.putObject("Header");
    request.headers().forEach((name, values) -> {
      ArrayNode array = header.putArray(name);
      values.forEach(array::add);
    });
    if (idempotencyKey != null) {
      root.put("IdempotencyKey", idempotencyKey);
    }
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write hook JSON", e);
    }
  }

  private static ObjectNode upload(HookType type, UploadInfo upload) {
    boolean beforeCreation = type == HookType.PRE_CREATE;
    ObjectNode node = JSON.createObjectNode();
    node.put("ID", beforeCreation ? "" : upload.id());
    node.put("Size", upload.size());
    node.put("SizeIsDeferred", upload.sizeIsDeferred());
    node.put("Offset", upload.offset());
    ObjectNode metadata = node.putObject("MetaData");
    upload.metadata().forEach(metadata::put);
    node.put("IsPartial", upload.isPartial());
    node.put("IsFinal", upload.isFinal());
    if (upload.partialUploads().isEmpty()) {
      node.putNull("PartialUploads");
    } else {
      ArrayNode partials = node.putArray("PartialUploads");
      upload.partialUploads().forEach(partials::add);
    }
    if (beforeCreation || upload.storage().isEmpty()) {
      node.putNull("Storage");
    } else {
      ObjectNode storage = node.putObject("Storage");
      upload.storage().forEach(storage::put);
    }
    return node;
  }

  /** The upload's ID, size and offset and the request headers of a recorded request body (outbox redelivery). */
  static HookCall callOf(HookType type, byte[] body, String idempotencyKey) throws IOException {
    JsonNode event = JSON.readTree(body).path("Event");
    JsonNode upload = event.path("Upload");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    event.path("HTTPRequest").path("Header").fields().forEachRemaining(field -> {
      List<String> values = new ArrayList<>();
      field.getValue().forEach(v -> values.add(v.asText()));
      headers.put(field.getKey(), values);
    });
    return new HookCall(type, upload.path("ID").asText(""), upload.path("Size").asLong(),
        upload.path("Offset").asLong(), body, headers, idempotencyKey);
  }

  /**
   * Parses a hook's response.
   *
   * @throws IOException when the body is not a JSON object
   */
  public static HookResult response(byte[] body) throws IOException {
    if (body == null || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return HookResult.EMPTY;
    }
    JsonNode root = JSON.readTree(body);
    if (root == null || !root.isObject()) {
      throw new IOException("the hook response is not a JSON object");
    }
    JsonNode change = root.path("ChangeFileInfo");
    String changeId = change.hasNonNull("ID") && !change.get("ID").asText().isEmpty()
        ? change.get("ID").asText() : null;
    Map<String, String> changeMetadata = null;
    if (change.path("MetaData").isObject()) {
      changeMetadata = new LinkedHashMap<>();
      Map<String, String> target = changeMetadata;
      change.get("MetaData").fields().forEachRemaining(f -> target.put(f.getKey(), f.getValue().asText()));
    }
    return new HookResult(httpResponse(root.path("HTTPResponse")), root.path("RejectUpload").asBoolean(false),
        root.path("RejectTermination").asBoolean(false), root.path("RejectAccess").asBoolean(false),
        root.path("StopUpload").asBoolean(false), changeId, changeMetadata);
  }

  private static HookResponse httpResponse(JsonNode node) {
    if (!node.isObject()) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    node.path("Header").fields().forEachRemaining(field -> {
      JsonNode value = field.getValue();
      if (value.isArray()) {
        List<String> values = new ArrayList<>();
        value.forEach(v -> values.add(v.asText()));
        headers.put(field.getKey(), String.join(", ", values));
      } else {
        headers.put(field.getKey(), value.asText());
      }
    });
    String body = node.hasNonNull("Body") && !node.get("Body").asText().isEmpty() ? node.get("Body").asText() : null;
    int status = node.path("StatusCode").asInt(0);
    // a status no HTTP response can carry is ignored, like an absent one
    HookResponse response = new HookResponse(status >= 100 && status <= 599 ? status : 0, body, headers);
    return response.isEmpty() ? null : response;
  }
}
