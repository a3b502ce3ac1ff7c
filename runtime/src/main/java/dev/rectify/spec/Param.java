package dev.rectify.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A named parameter of an {@link Activation}: a constant the user may change when constructing the
 * layer, or, with {@link #learnable()}, a trained parameter whose gradient the processor derives.
 *
 * <pre>{@code
 * @Activation(name = "prelu", formula = "max(x, 0)", negativeSlope = "a",
 *     params = @Param(name = "a", value = 0.25, learnable = true, perChannel = true))
 * interface PReLU {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({})
public @interface Param {

  /** A Java-style identifier that the formulas refer to; not a variable or function name. */
  String name();

  /** The default value, and the initial value of a learnable parameter. */
  double value();

  /** Whether the parameter is trained (PReLU's slope). Learnable parameters get no weight decay. */
  boolean learnable() default false;

  /**
   * Whether a learnable parameter has one value per channel (dimension 1 of the layer's input)
   * instead of one shared value.
   */
  boolean perChannel() default false;
}
