package dev.rectify.optim;

import dev.rectify.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * What every optimizer here shares: the trainable parameters, the learning rate, the step count and
 * per-parameter buffers (slots), with their export and validated import. Subclasses supply the
 * update rule alone.
 */
abstract class ParameterOptimizer implements Optimizer {
  private final List<Parameter> parameters;
  private final List<String> slotKinds;

  /** slots.get(kind).get(p): buffer {@code kind} of parameter {@code p}, same size as its value. */
  private final List<List<float[]>> slots = new ArrayList<>();

  private double learningRate;
  private long steps;

  ParameterOptimizer(List<Parameter> all, double learningRate, List<String> slotKinds) {
    this.parameters = all.stream().filter(Parameter::isTrainable).toList();
    this.slotKinds = List.copyOf(slotKinds);
    setLearningRate(learningRate);
    for (int k = 0; k < slotKinds.size(); k++) {
      List<float[]> buffers = new ArrayList<>();
      for (Parameter p : parameters) {
        buffers.add(new float[p.value().size()]);
      }
      slots.add(buffers);
    }
  }

  /** Updates parameter {@code p} (index {@code index}); {@code step} counts from 1. */
  abstract void update(Parameter p, int index, long step);

  /** Buffer {@code kind} (an index into the slot kinds) of parameter {@code index}. */
  final float[] slot(int kind, int index) {
    return slots.get(kind).get(index);
  }

  @Override
  public final List<Parameter> parameters() {
    return parameters;
  }

  @Override
  public final void step() {
    steps++;
    for (int i = 0; i < parameters.size(); i++) {
      update(parameters.get(i), i, steps);
    }
  }

  @Override
  public final void zeroGrad() {
    for (Parameter p : parameters) {
      p.zeroGrad();
    }
  }

  @Override
  public final double learningRate() {
    return learningRate;
  }

  @Override
  public final void setLearningRate(double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          name() + ": learning rate must be finite and >= 0, got " + learningRate);
    }
    this.learningRate = learningRate;
  }

  @Override
  public final OptimizerState exportState() {
    List<OptimizerState.Slot> out = new ArrayList<>();
    for (int k = 0; k < slotKinds.size(); k++) {
      for (int i = 0; i < parameters.size(); i++) {
        out.add(new OptimizerState.Slot(slotName(k, i), slot(k, i).clone()));
      }
    }
    return new OptimizerState(name(), steps, learningRate, out);
  }

  @Override
  public final void importState(OptimizerState state) {
    if (!state.kind().equals(name())) {
      throw new IllegalArgumentException(
          "optimizer state is for '" + state.kind() + "' but this optimizer is '" + name() + "'");
    }
    int expected = slotKinds.size() * parameters.size();
    if (state.slots().size() != expected) {
      throw new IllegalArgumentException(
          name() + " state has " + state.slots().size() + " buffers, expected " + expected);
    }
    int s = 0;
    for (int k = 0; k < slotKinds.size(); k++) {
      for (int i = 0; i < parameters.size(); i++, s++) {
        OptimizerState.Slot slot = state.slots().get(s);
        if (!slot.name().equals(slotName(k, i)) || slot.values().length != slot(k, i).length) {
          throw new IllegalArgumentException(
              name()
                  + " state buffer "
                  + s
                  + " is '"
                  + slot.name()
                  + "' of "
                  + slot.values().length
                  + " values, expected '"
                  + slotName(k, i)
                  + "' of "
                  + slot(k, i).length);
        }
      }
    }
    setLearningRate(state.learningRate());
    steps = state.steps();
    s = 0;
    for (int k = 0; k < slotKinds.size(); k++) {
      for (int i = 0; i < parameters.size(); i++, s++) {
        float[] values = state.slots().get(s).values();
        System.arraycopy(values, 0, slot(k, i), 0, values.length);
      }
    }
  }

  private String slotName(int kind, int index) {
    return parameters.get(index).name() + "." + slotKinds.get(kind);
  }

  static float checkedNonNegative(String what, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(what + " must be finite and >= 0, got " + value);
    }
    return (float) value;
  }
}
