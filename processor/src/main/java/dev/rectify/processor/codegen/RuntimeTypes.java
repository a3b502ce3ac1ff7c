package dev.rectify.processor.codegen;

import com.palantir.javapoet.ClassName;

/**
 * The runtime types generated code refers to, in one place, so that a rename in the runtime is a
 * one-file change here. Names, not {@code Class} literals: the processor must not need the
 * runtime's implementation classes loaded.
 */
public final class RuntimeTypes {
  private RuntimeTypes() {}

  public static final ClassName ACTIVATION_FUNCTION =
      ClassName.get("dev.rectify.nn", "ActivationFunction");
  public static final ClassName ACTIVATION_INFO = ClassName.get("dev.rectify.nn", "ActivationInfo");
  public static final ClassName ORIGIN = ACTIVATION_INFO.nestedClass("Origin");
  public static final ClassName PARAM_INFO = ACTIVATION_INFO.nestedClass("ParamInfo");
  public static final ClassName BACKWARD_STORAGE =
      ClassName.get("dev.rectify.nn", "BackwardStorage");
  public static final ClassName UNARY_LAYER =
      ClassName.get("dev.rectify.nn", "UnaryActivationLayer");
  public static final ClassName GATED_LAYER =
      ClassName.get("dev.rectify.nn", "GatedActivationLayer");
  public static final ClassName PARAMETER = ClassName.get("dev.rectify.nn", "Parameter");
  public static final ClassName TENSOR = ClassName.get("dev.rectify.tensor", "Tensor");
  public static final ClassName SPECIAL_FUNCTIONS =
      ClassName.get("dev.rectify.math", "SpecialFunctions");
  public static final ClassName COUNTER_RANDOM = ClassName.get("dev.rectify.math", "CounterRandom");
  public static final ClassName BRANCHLESS = ClassName.get("dev.rectify.math", "Branchless");
  public static final ClassName BRANCH_FREE_MATH =
      ClassName.get("dev.rectify.math", "BranchFreeMath");
  public static final ClassName MILLS_RATIO = ClassName.get("dev.rectify.math", "MillsRatio");
  public static final ClassName KERNEL_PROVIDER =
      ClassName.get("dev.rectify.kernel", "KernelProvider");
  public static final ClassName UNARY_KERNEL = ClassName.get("dev.rectify.kernel", "UnaryKernel");
  public static final ClassName GATED_KERNEL = ClassName.get("dev.rectify.kernel", "GatedKernel");
  public static final ClassName BF16 = ClassName.get("dev.rectify.kernel", "Bf16");
  public static final ClassName VECTOR_MATH = ClassName.get("dev.rectify.kernel", "VectorMath");
  public static final ClassName VECTOR_CONSTANTS =
      ClassName.get("dev.rectify.kernel", "VectorConstants");
  public static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  // The Vector API, which generated vector kernels use directly.
  public static final ClassName FLOAT_VECTOR = ClassName.get("jdk.incubator.vector", "FloatVector");
  public static final ClassName INT_VECTOR = ClassName.get("jdk.incubator.vector", "IntVector");
  public static final ClassName VECTOR_MASK = ClassName.get("jdk.incubator.vector", "VectorMask");
  public static final ClassName VECTOR_SPECIES =
      ClassName.get("jdk.incubator.vector", "VectorSpecies");

  /** A type the compilation can see exactly when {@code jdk.incubator.vector} is in it. */
  public static final String VECTOR_API_PROBE = "jdk.incubator.vector.FloatVector";

  /** The service interface generated layers are registered under. */
  public static final String SERVICE = "dev.rectify.nn.ActivationFunction";

  /** The processor's name in {@code @Generated}. */
  public static final String PROCESSOR = "dev.rectify.processor.ActivationProcessor";
}
