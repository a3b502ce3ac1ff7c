package dev.rectify.samples.run;

import dev.rectify.nn.Parameter;
import dev.rectify.optim.Adam;
import dev.rectify.optim.LearningRateSchedule;
import dev.rectify.optim.Optimizer;
import dev.rectify.optim.Sgd;
import java.util.List;
import java.util.Locale;

/**
 * An optimiser and its learning-rate schedule as the command line states them.
 *
 * @param name {@code sgd} or {@code adam}
 * @param learningRate the base rate
 * @param momentum SGD's momentum (0 is plain SGD); ignored by Adam
 * @param nesterov SGD with Nesterov momentum
 * @param weightDecay L2 coefficient on weights and biases
 * @param schedule {@code constant}, {@code cosine} (to 0 over the run) or {@code step:E:G} (times G
 *     every E epochs, with G in (0, 1])
 * @param warmupSteps linear warm-up steps, 0 for none
 */
public record OptimizerSpec(
    String name,
    double learningRate,
    double momentum,
    boolean nesterov,
    double weightDecay,
    String schedule,
    int warmupSteps) {

  public OptimizerSpec {
    name = name.toLowerCase(Locale.ROOT);
    if (!name.equals("sgd") && !name.equals("adam")) {
      throw new IllegalArgumentException("unknown optimizer '" + name + "'; choose sgd or adam");
    }
    // The optimisers keep the rate, momentum and decay as floats: a double beyond Float.MAX_VALUE
    // would turn into Infinity there, and a momentum just below 1 would round up to 1.
    if (!(learningRate > 0 && learningRate <= Float.MAX_VALUE)) {
      throw new IllegalArgumentException("--lr must be a finite float > 0, got " + learningRate);
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("--momentum must be in [0, 1), got " + momentum);
    }
    if ((float) momentum == 1) {
      throw new IllegalArgumentException(
          "--momentum " + momentum + " is 1 as a float; use at most " + Math.nextDown(1f));
    }
    if (nesterov && momentum == 0) {
      throw new IllegalArgumentException("--nesterov needs --momentum > 0");
    }
    if (!(weightDecay >= 0 && weightDecay <= Float.MAX_VALUE)) {
      throw new IllegalArgumentException(
          "--weight-decay must be a finite float >= 0, got " + weightDecay);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException("--warmup must be >= 0, got " + warmupSteps);
    }
    schedule(schedule, learningRate, 1, 1); // validates
  }

  /** SGD with momentum, constant rate. */
  public static OptimizerSpec sgd(double learningRate, double momentum) {
    return new OptimizerSpec("sgd", learningRate, momentum, false, 0, "constant", 0);
  }

  /** The optimiser over {@code parameters}. */
  public Optimizer create(List<Parameter> parameters) {
    if (name.equals("adam")) {
      return Adam.builder(parameters).learningRate(learningRate).weightDecay(weightDecay).build();
    }
    return Sgd.builder(parameters)
        .learningRate(learningRate)
        .momentum(momentum)
        .nesterov(nesterov)
        .weightDecay(weightDecay)
        .build();
  }

  /** The schedule for a run of {@code epochs} epochs of {@code stepsPerEpoch} steps. */
  public LearningRateSchedule schedule(int stepsPerEpoch, int epochs) {
    LearningRateSchedule s = schedule(schedule, learningRate, stepsPerEpoch, epochs);
    return warmupSteps > 0 ? s.withLinearWarmup(warmupSteps) : s;
  }

  private static LearningRateSchedule schedule(
      String text, double rate, int stepsPerEpoch, int epochs) {
    if (text.equals("constant")) {
      return LearningRateSchedule.constant(rate);
    }
    if (text.equals("cosine")) {
      return LearningRateSchedule.cosine(rate, 0, (long) stepsPerEpoch * epochs);
    }
    String[] p = text.split(":");
    if (p.length == 3 && p[0].equals("step")) {
      try {
        int every = Integer.parseInt(p[1]);
        double gamma = Double.parseDouble(p[2]);
        // A gamma above 1 would grow the rate until it overflows, failing mid-run.
        if (every > 0 && gamma > 0 && gamma <= 1) {
          return LearningRateSchedule.stepDecay(rate, gamma, every);
        }
      } catch (NumberFormatException e) {
        // falls through to the usage message
      }
    }
    throw new IllegalArgumentException(
        "--schedule '"
            + text
            + "': expected constant, cosine or step:EPOCHS:GAMMA with EPOCHS > 0 and GAMMA in"
            + " (0, 1] (step:10:0.1)");
  }

  /** One line for logs and result tables. */
  public String describe() {
    String s =
        name.equals("sgd")
            ? String.format(
                Locale.ROOT,
                "SGD lr %s momentum %s%s",
                learningRate,
                momentum,
                nesterov ? " nesterov" : "")
            : String.format(Locale.ROOT, "Adam lr %s", learningRate);
    if (weightDecay > 0) {
      s += " weight decay " + weightDecay;
    }
    if (!schedule.equals("constant")) {
      s += ", " + schedule;
    }
    if (warmupSteps > 0) {
      s += ", " + warmupSteps + " warm-up steps";
    }
    return s;
  }
}
