package dev.rectify.samples.nairhinton2010;

import dev.rectify.data.BatchIterator;
import dev.rectify.data.Dataset;
import dev.rectify.data.DatasetSplit;
import dev.rectify.data.Standardizer;
import dev.rectify.init.Init;
import dev.rectify.nn.Activations;
import dev.rectify.nn.Dense;
import dev.rectify.nn.Layer;
import dev.rectify.nn.Sequential;
import dev.rectify.optim.Sgd;
import dev.rectify.samples.run.Charts;
import dev.rectify.samples.run.ResultFiles;
import dev.rectify.tensor.Tensor;
import dev.rectify.train.EpochMetrics;
import dev.rectify.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binary vs NReLU hidden units in an RBM trained with CD-1, each judged three ways: the
 * reconstruction error, a linear (softmax) classifier trained on the frozen hidden features, and
 * the test error of the feed-forward network initialised from the RBM (sigmoid units for binary,
 * rectifiers for NReLU, whose evaluation form is max(0, x)) and fine-tuned with a softmax layer on
 * top. Both unit types see the same seeds, initial weights and batch order.
 */
public final class NairHinton2010 {
  private NairHinton2010() {}

  /**
   * The settings of the experiment.
   *
   * @param units the hidden unit types to compare
   * @param hidden the number of hidden units
   * @param rbmEpochs epochs of CD-1
   * @param rbmLearningRate CD-1's learning rate
   * @param rbmMomentum CD-1's momentum
   * @param weightDecay CD-1's L2 weight decay
   * @param classifierEpochs epochs of the linear classifier and of fine-tuning each
   * @param batchSize the batch size of all three stages
   * @param seed weights, batch orders and samples
   */
  public record Config(
      List<Rbm.Hidden> units,
      int hidden,
      int rbmEpochs,
      double rbmLearningRate,
      double rbmMomentum,
      double weightDecay,
      int classifierEpochs,
      int batchSize,
      long seed) {}

  /**
   * What one unit type achieved.
   *
   * @param reconstruction test-set reconstruction error per epoch of CD-1 (mean squared, per pixel)
   * @param linearError the linear classifier's test error on the hidden features
   * @param fineTunedError the fine-tuned network's test error
   * @param seconds wall time of the three stages
   */
  public record Result(
      Rbm.Hidden units,
      List<Double> reconstruction,
      double linearError,
      double fineTunedError,
      double seconds) {}

  /** Runs every unit type, writing per-stage metrics under {@code out/<units>/}. */
  public static List<Result> run(Config config, DatasetSplit split, Path out, PrintStream log)
      throws IOException {
    Dataset train = split.train().flatten();
    Dataset test = split.test().flatten();
    List<Result> results = new ArrayList<>();
    for (Rbm.Hidden units : config.units()) {
      long start = System.nanoTime();
      String name = units.name().toLowerCase(Locale.ROOT);
      Path dir = out.resolve(name);
      Files.createDirectories(dir);
      Rbm rbm = new Rbm(train.sampleSize(), config.hidden(), units, config.seed());
      List<Double> reconstruction = new ArrayList<>();
      StringBuilder csv = new StringBuilder("epoch,train_reconstruction,test_reconstruction\n");
      for (int e = 0; e < config.rbmEpochs(); e++) {
        double trainError =
            rbm.trainEpoch(
                train,
                config.batchSize(),
                config.rbmLearningRate(),
                config.rbmMomentum(),
                config.weightDecay(),
                config.seed(),
                e);
        double testError = rbm.reconstructionError(test, 500);
        reconstruction.add(testError);
        csv.append(String.format(Locale.ROOT, "%d,%s,%s%n", e + 1, trainError, testError));
        log.printf(
            Locale.ROOT,
            "rbm %s epoch %d/%d: reconstruction error train %.5f test %.5f%n",
            name,
            e + 1,
            config.rbmEpochs(),
            trainError,
            testError);
      }
      ResultFiles.writeText(dir.resolve("rbm.csv"), csv.toString());

      double linearError = linearClassifier(rbm, train, test, config, dir.resolve("linear"), log);
      double fineTunedError = fineTune(rbm, train, test, config, dir.resolve("finetune"), log);
      results.add(
          new Result(
              units,
              reconstruction,
              linearError,
              fineTunedError,
              (System.nanoTime() - start) / 1e9));
    }
    plot(results, out);
    return results;
  }

  /** A softmax layer on the frozen, standardised hidden means. */
  private static double linearClassifier(
      Rbm rbm, Dataset train, Dataset test, Config config, Path dir, PrintStream log)
      throws IOException {
    log.printf(
        "linear classifier on the %s features%n", rbm.units().name().toLowerCase(Locale.ROOT));
    Dataset ftrain = features(rbm, train);
    Dataset ftest = features(rbm, test);
    // Standardised so that one learning rate suits both: NReLU features are unbounded.
    Standardizer s = Standardizer.fit(ftrain);
    ftrain = s.apply(ftrain);
    ftest = s.apply(ftest);
    Sequential linear =
        Sequential.builder(rbm.hidden()).dense(10, Init.Scheme.XAVIER_UNIFORM).build(config.seed());
    return 1 - fit(linear, ftrain, ftest, config, 0.01, dir, log);
  }

  /** The network initialised from the RBM's weights and hidden biases, all layers trained. */
  private static double fineTune(
      Rbm rbm, Dataset train, Dataset test, Config config, Path dir, PrintStream log)
      throws IOException {
    log.printf("fine-tuning from the %s RBM%n", rbm.units().name().toLowerCase(Locale.ROOT));
    Dense first = new Dense(train.sampleSize(), rbm.hidden(), config.seed());
    System.arraycopy(rbm.weights(), 0, first.weight().value().data(), 0, rbm.weights().length);
    System.arraycopy(rbm.hiddenBias(), 0, first.bias().value().data(), 0, rbm.hidden());
    Layer activation =
        Activations.byName(rbm.units() == Rbm.Hidden.BINARY ? "sigmoid" : "relu").newLayer();
    Sequential net =
        Sequential.of(
            new int[] {train.sampleSize()},
            first,
            activation,
            new Dense(rbm.hidden(), 10, Init.Scheme.XAVIER_UNIFORM, config.seed() + 1));
    return 1 - fit(net, train, test, config, 0.05, dir, log);
  }

  private static double fit(
      Sequential net,
      Dataset train,
      Dataset test,
      Config config,
      double lr,
      Path dir,
      PrintStream log)
      throws IOException {
    Trainer trainer =
        Trainer.builder(net, Sgd.builder(net.parameters()).learningRate(lr).momentum(0.9).build())
            .batchSize(config.batchSize())
            .epochs(config.classifierEpochs())
            .seed(config.seed())
            .outputDir(dir)
            .log(log, false)
            .build();
    List<EpochMetrics> history = trainer.fit(train, test);
    return history.get(history.size() - 1).test().accuracy();
  }

  private static Dataset features(Rbm rbm, Dataset data) {
    Tensor all = Tensor.zeros(data.size(), rbm.hidden());
    BatchIterator batches = BatchIterator.inOrder(data, 1000);
    int row = 0;
    while (batches.hasNext()) {
      Tensor f = rbm.features(batches.next().features());
      System.arraycopy(f.data(), 0, all.data(), row * rbm.hidden(), f.size());
      row += f.dim(0);
    }
    return new Dataset(data.name() + "-features", all, data.labels(), data.numClasses());
  }

  private static void plot(List<Result> results, Path out) throws IOException {
    Map<String, double[][]> series = new LinkedHashMap<>();
    for (Result r : results) {
      int n = r.reconstruction().size();
      double[] x = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = i + 1;
        y[i] = r.reconstruction().get(i);
      }
      series.put(r.units().name().toLowerCase(Locale.ROOT), new double[][] {x, y});
    }
    Charts.save(
        Charts.lines(
            "RBM (CD-1): test reconstruction error", "epoch", "mean squared error / pixel", series),
        out.resolve("reconstruction.png"));
  }

  /** The Markdown table of {@code results}. */
  public static String table(List<Result> results) {
    List<List<String>> rows = new ArrayList<>();
    for (Result r : results) {
      rows.add(
          List.of(
              r.units().name().toLowerCase(Locale.ROOT),
              String.format(
                  Locale.ROOT, "%.5f", r.reconstruction().get(r.reconstruction().size() - 1)),
              String.format(Locale.ROOT, "%.2f", 100 * r.linearError()),
              String.format(Locale.ROOT, "%.2f", 100 * r.fineTunedError()),
              String.format(Locale.ROOT, "%.0f", r.seconds())));
    }
    return ResultFiles.markdownTable(
        List.of(
            "hidden units",
            "test reconstruction MSE / pixel",
            "linear classifier test error %",
            "fine-tuned test error %",
            "s"),
        rows);
  }
}
