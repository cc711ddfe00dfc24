package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/**
 * HTTP hook receiver settings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class HttpHook extends HookDelivery {

  /** Receiver URL (-hooks-http). */
  @Required
  @Pattern("^https?://.+")
  @JsonPropertyDescription("Receiver URL (-hooks-http).")
  private String url;

  /**
   * Returns url.
   *
   * @return the value, may be null
   */
  public String getUrl() {
    return url;
  }

  /**
   * Sets url.
   *
   * @param url the new value
   */
  public void setUrl(String url) {
    this.url = url;
  }
}
