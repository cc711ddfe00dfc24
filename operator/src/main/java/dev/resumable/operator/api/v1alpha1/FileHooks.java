package dev.resumable.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * File hooks mounted from a ConfigMap whose keys are event names.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class FileHooks {

  /** ConfigMap holding one script per event, e.g. key pre-create. */
  @Required
  @JsonPropertyDescription("ConfigMap holding one script per event, e.g. key pre-create.")
  private String configMapName;

  /**
   * Returns configMapName.
   *
   * @return the value, may be null
   */
  public String getConfigMapName() {
    return configMapName;
  }

  /**
   * Sets configMapName.
   *
   * @param configMapName the new value
   */
  public void setConfigMapName(String configMapName) {
    this.configMapName = configMapName;
  }
}
