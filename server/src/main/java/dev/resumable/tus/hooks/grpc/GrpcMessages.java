package dev.resumable.tus.hooks.grpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.resumable.tus.hooks.HookResult;
import dev.resumable.tus.hooks.grpc.proto.Event;
import dev.resumable.tus.hooks.grpc.proto.FileInfo;
import dev.resumable.tus.hooks.grpc.proto.FileInfoChanges;
import dev.resumable.tus.hooks.grpc.proto.HTTPRequest;
import dev.resumable.tus.hooks.grpc.proto.HTTPResponse;
import dev.resumable.tus.hooks.grpc.proto.HookRequest;
import dev.resumable.tus.hooks.grpc.proto.HookResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Translates between the hook JSON the dispatcher builds (and the post-finish outbox keeps) and tusd's protobuf
 * messages. Working from the JSON keeps one source of truth for what an event says, so a redelivered post-finish
 * is the same message as the first attempt.
 */
final class GrpcMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private GrpcMessages() {
  }

  /**
   * The gRPC request for a hook JSON body. Headers carry their first value only, as tusd's gRPC hooks send them.
   *
   * @throws IOException when the body is not the hook JSON
   */
  static HookRequest request(byte[] json) throws IOException {
    JsonNode root = JSON.readTree(json);
    if (root == null || !root.isObject()) {
      throw new IOException("the hook request is not a JSON object");
    }
    JsonNode upload = root.path("Event").path("Upload");
    FileInfo.Builder info = FileInfo.newBuilder()
        .setId(upload.path("ID").asText(""))
        .setSize(upload.path("Size").asLong())
        .setSizeIsDeferred(upload.path("SizeIsDeferred").asBoolean())
        .setOffset(upload.path("Offset").asLong())
        .putAllMetaData(strings(upload.path("MetaData")))
        .setIsPartial(upload.path("IsPartial").asBoolean())
        .setIsFinal(upload.path("IsFinal").asBoolean())
        .putAllStorage(strings(upload.path("Storage")));
    upload.path("PartialUploads").forEach(id -> info.addPartialUploads(id.asText()));
    JsonNode http = root.path("Event").path("HTTPRequest");
    HTTPRequest.Builder request = HTTPRequest.newBuilder()
        .setMethod(http.path("Method").asText(""))
        .setUri(http.path("URI").asText(""))
        .setRemoteAddr(http.path("RemoteAddr").asText(""));
    http.path("Header").fields().forEachRemaining(header -> {
      JsonNode values = header.getValue();
      JsonNode first = values.isArray() ? values.path(0) : values;
      if (!first.isMissingNode() && !first.isNull()) {
        request.putHeader(header.getKey(), first.asText());
      }
    });
    return HookRequest.newBuilder()
        .setType(root.path("Type").asText(""))
        .setEvent(Event.newBuilder().setUpload(info).setHttpRequest(request))
        .build();
  }

  /**
   * The dispatcher's view of a gRPC response. Protobuf cannot tell an absent field from an empty one, so an empty
   * ID, an empty metadata map, an empty body and a status of 0 all mean "no change", as in tusd.
   */
  static HookResult result(HookResponse response) {
    dev.resumable.tus.http.HookResponse http = null;
    if (response.hasHttpResponse()) {
      HTTPResponse answer = response.getHttpResponse();
      long status = answer.getStatusCode();
      http = new dev.resumable.tus.http.HookResponse(status >= 100 && status <= 599 ? (int) status : 0,
          answer.getBody().isEmpty() ? null : answer.getBody(), answer.getHeaderMap());
      if (http.isEmpty()) {
        http = null;
      }
    }
    String changeId = null;
    Map<String, String> changeMetaData = null;
    if (response.hasChangeFileInfo()) {
      FileInfoChanges change = response.getChangeFileInfo();
      changeId = change.getId().isEmpty() ? null : change.getId();
      changeMetaData = change.getMetaDataCount() == 0 ? null : new LinkedHashMap<>(change.getMetaDataMap());
    }
    return new HookResult(http, response.getRejectUpload(), response.getRejectTermination(),
        response.getRejectAccess(), response.getStopUpload(), changeId, changeMetaData);
  }

  private static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    if (object.isObject()) {
      object.fields().forEachRemaining(field -> map.put(field.getKey(), field.getValue().asText("")));
    }
    return map;
  }
}
