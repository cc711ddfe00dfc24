package dev.resumable.operator.desired;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical forms the API server stores (k8s.io/apimachinery resource.Quantity.String()). */
class QuantitiesTest {

  @ParameterizedTest
  @CsvSource({
      "0.5, 500m", "500m, 500m", "1000m, 1", "1500m, 1500m", "2, 2", "1000, 1k", "1.5, 1500m", "0.1, 100m",
      "1024Mi, 1Gi", "512Mi, 512Mi", "1536Mi, 1536Mi", "0.5Gi, 512Mi", "1Gi, 1Gi", "2048Ki, 2Mi",
      "128974848, 128974848", "123Mi, 123Mi", "0, 0", "100Ki, 100Ki", "1k, 1k", "1M, 1M",
      "0.001, 1m", "1.5Gi, 1536Mi"})
  void canonicalForm(String input, String stored) {
    assertThat(Quantities.canonical(new Quantity(input)).toString()).isEqualTo(stored);
  }
}
