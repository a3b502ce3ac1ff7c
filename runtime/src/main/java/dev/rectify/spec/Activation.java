package dev.rectify.spec;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares an activation function. The Rectify annotation processor turns the annotated type {@code
 * Foo} into a generated, final {@code FooLayer} in the same package that implements {@link
 * dev.rectify.nn.Activation} (or {@link dev.rectify.nn.GatedActivation}) and {@link
 * dev.rectify.nn.Layer}, and registers it under {@link #name()} for {@link
 * dev.rectify.nn.Activations#byName(String)}.
 *
 * <pre>{@code
 * @Activation(name = "relu", formula = "max(x, 0)")
 * interface ReLU {}
 *
 * @Activation(
 *     name = "sugar-bsilu",
 *     formula = "max(x, 0)",
 *     surrogate = "(x + alpha) * sigmoid(x) - alpha / 2",
 *     params = @Param(name = "alpha", value = 1.67))
 * interface SugarBSiLU {}
 * }</pre>
 *
 * <h2>The formula language</h2>
 *
 * Numbers ({@code 1}, {@code 0.5}, {@code 1e-3}), the input {@code x} (or {@code a} and {@code b}
 * for gated two-input forms such as {@code a * sigmoid(b)}), the declared {@link #params()}, the
 * constants {@code pi} and {@code e}, the operators {@code + - * / ^} ({@code ^} is power and binds
 * right: {@code -x^2} is {@code -(x^2)}), comparisons {@code < <= > >= == !=} combined with {@code
 * && || !}, the select {@code c ? a : b} (or {@code where(c, a, b)}), and the functions {@code exp
 * expm1 log log1p sqrt abs min max tanh sigmoid softplus erf erfc ndtr npdf pow clamp step sign},
 * and {@code relu relu6 silu gelu logsigmoid} as shorthands. {@code step(x)} is 1 for {@code x > 0}
 * and 0 otherwise; {@code ndtr} is the standard normal distribution function (PyTorch's {@code
 * torch.special.ndtr}) and {@code npdf} its density, so {@code gelu(x)} is {@code x * ndtr(x)}, and
 * {@code 0.5 * x * (1 + erf(x / sqrt(2)))} is simplified to it.
 *
 * <h2>Derivatives and kinks</h2>
 *
 * The derivative of a comparison-based select is the derivative of the branch taken, so the value
 * at a kink follows the comparison as written: {@code max(x, 0)} is {@code x > 0 ? x : 0}, whose
 * derivative at 0 is 0 (PyTorch's convention for ReLU).
 *
 * <h2>Randomness at training time</h2>
 *
 * {@code uniform(lo, hi)} and {@code normal(mean, std)} draw one value per element in training mode
 * (RReLU: {@code max(x, 0) + uniform(1/8, 1/3) * min(x, 0)}; Nair and Hinton's noisy ReLU: {@code
 * max(0, x + normal(0, sqrt(sigmoid(x))))}). In evaluation mode every draw is replaced by its mean,
 * which gives the deterministic form. Draws are a pure function of the training step's seed and the
 * element's index, so backward re-creates them instead of storing them, and runs are repeatable
 * whatever the thread count. Backward treats a draw as a constant.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Activation {

  /**
   * Registry name: lower case, digits and dashes, starting with a letter ({@code "sugar-bsilu"}).
   * When empty, the annotated type's simple name in lower case.
   */
  String name() default "";

  /** The forward function of {@code x} (or of {@code a} and {@code b} for a gated form). */
  String formula();

  /**
   * The derivative of {@link #formula()}, when the author wants to state it. It is checked against
   * the symbolic derivative at compile time. It may be written in terms of the output {@code y}
   * ({@code "y * (1 - y)"} for sigmoid), in which case the layer keeps the output for backward
   * instead of the input. When empty, the processor differentiates the formula.
   */
  String derivative() default "";

  /**
   * A function whose derivative the backward pass uses instead of the formula's (surrogate gradient
   * learning, SUGAR). The forward pass stays exactly {@link #formula()}.
   */
  String surrogate() default "";

  /**
   * The backward factor itself, for surrogates defined only by their derivative (NeLU). Cannot be
   * combined with {@link #derivative()} or {@link #surrogate()}.
   */
  String surrogateDerivative() default "";

  /**
   * A leak for negative inputs: the activation becomes {@code formula + negativeSlope * min(x, 0)}.
   * A number ({@code "0.01"}) or an expression of params ({@code "slope"}); a learnable {@link
   * Param} makes a PReLU.
   */
  String negativeSlope() default "";

  /** Named constants the formulas may use; {@link Param#learnable()} ones are trained. */
  Param[] params() default {};

  /** One line for {@code rectify list}; optional. */
  String description() default "";
}
