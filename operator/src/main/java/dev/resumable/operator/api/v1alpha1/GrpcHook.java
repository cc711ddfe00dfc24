package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * A gRPC hook receiver (tusd v2's HookHandler service). With tlsSecret the server speaks TLS, trusting the Secret's CA
 * and, with certKey and keyKey, authenticating with its client certificate; the Secret is mounted read-only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GrpcHook extends HookDelivery {

  /** Receiver as HOST:PORT (-hooks-grpc). */
  @Required
  @Pattern("^[^/\\s]+:[0-9]{1,5}$")
  @JsonPropertyDescription("Receiver as HOST:PORT (-hooks-grpc).")
  private String address;

  /** Secret with the CA (and client certificate and key) for TLS to the receiver (-hooks-grpc-secure). */
  @JsonPropertyDescription("Secret with the CA (and client certificate and key) for TLS to the receiver (-hooks-grpc-secure).")
  private TlsSecret tlsSecret;

  /**
   * Returns address.
   *
   * @return the value, may be null
   */
  public String getAddress() {
    return address;
  }

  /**
   * Sets address.
   *
   * @param address the new value
   */
  public void setAddress(String address) {
    this.address = address;
  }

  /**
   * Returns tlsSecret.
   *
   * @return the value, may be null
   */
  public TlsSecret getTlsSecret() {
    return tlsSecret;
  }

  /**
   * Sets tlsSecret.
   *
   * @param tlsSecret the new value
   */
  public void setTlsSecret(TlsSecret tlsSecret) {
    this.tlsSecret = tlsSecret;
  }
}
