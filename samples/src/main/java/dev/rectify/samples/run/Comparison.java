package dev.rectify.samples.run;

import dev.rectify.data.DatasetSplit;
import dev.rectify.init.Init;
import dev.rectify.nn.Layer;
import dev.rectify.train.EpochMetrics;
import dev.rectify.train.Evaluation;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.knowm.xchart.XYChart;

/**
 * Several variants (activations, penalties) trained under identical seeds: for each seed, every
 * variant starts from the same weights and sees the same batches, so differences come from the
 * variant. Writes, under the output directory:
 *
 * <ul>
 *   <li>{@code runs/<label>/seed-<s>/metrics.csv|jsonl}: the trainer's per-epoch metrics;
 *   <li>{@code runs.csv}, {@code runs.jsonl}: one line per run, final test metrics per layer;
 *   <li>{@code test_accuracy.png}, {@code dead_units.png}, {@code sparsity.png}: curves over epochs
 *       (mean over seeds), and {@code dead_units_per_layer.png} after the last epoch.
 * </ul>
 *
 * {@link #table} turns the results into the Markdown table the experiments print.
 */
public final class Comparison {
  private final Builder b;

  private Comparison(Builder b) {
    this.b = b;
  }

  public static Builder builder(ModelSpec model, DatasetSplit data) {
    return new Builder(model, data);
  }

  /**
   * One configuration to compare.
   *
   * @param label its name in tables and plots
   * @param activation the registry name
   * @param activityL1 Glorot's L1 activation penalty, 0 for none
   * @param afterActivation a layer after each activation, or null
   */
  public record Variant(
      String label, String activation, float activityL1, IntFunction<Layer> afterActivation) {
    public static Variant of(String activation) {
      return new Variant(activation, activation, 0, null);
    }
  }

  /** Runs every variant for every seed, seed-major, and writes the files above. */
  public List<RunResult> run() throws IOException {
    List<RunResult> results = new ArrayList<>();
    for (long seed : b.seeds) {
      for (Variant v : b.variants) {
        b.log.printf(Locale.ROOT, "== %s, seed %d ==%n", v.label(), seed);
        Path dir = b.outputDir.resolve("runs").resolve(v.label()).resolve("seed-" + seed);
        RunResult r =
            TrainingRun.builder(b.model, v.activation())
                .label(v.label())
                .activityL1(v.activityL1())
                .afterActivation(v.afterActivation())
                .optimizer(b.optimizer)
                .epochs(b.epochs)
                .batchSize(b.batchSize)
                .seed(seed)
                .init(b.init)
                .outputDir(dir)
                .log(b.log, false)
                .build()
                .run(b.data);
        results.add(r);
        writeRuns(results);
      }
    }
    plot(results);
    return results;
  }

  /** Results grouped by label, in first-seen order. */
  public static Map<String, List<RunResult>> byLabel(List<RunResult> results) {
    return results.stream()
        .collect(Collectors.groupingBy(RunResult::label, LinkedHashMap::new, Collectors.toList()));
  }

  /**
   * The Markdown table of {@code results}: per label, test accuracy and error (mean ± std over
   * seeds), sparsity and dead units per layer (means), and the columns {@code extra} adds.
   */
  public static String table(
      List<RunResult> results, List<String> extraHeader, Function<String, List<String>> extra) {
    List<String> header =
        new ArrayList<>(
            List.of(
                "variant",
                "seeds",
                "test accuracy %",
                "test error %",
                "sparsity % (mean; per layer)",
                "dead units % (mean; per layer)",
                "s / run"));
    header.addAll(extraHeader);
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, List<RunResult>> e : byLabel(results).entrySet()) {
      List<RunResult> all = e.getValue();
      List<RunResult> runs = all.stream().filter(RunResult::finished).collect(Collectors.toList());
      if (runs.isEmpty()) {
        List<String> row = new ArrayList<>();
        row.add(e.getKey());
        row.add(all.stream().map(r -> Long.toString(r.seed())).collect(Collectors.joining(",")));
        String why = all.get(0).divergence();
        for (int i = 2; i < header.size(); i++) {
          row.add(i == 2 ? why : "-");
        }
        rows.add(row);
        continue;
      }
      double[] acc = values(runs, r -> r.last().accuracy());
      double[] err = values(runs, r -> 1 - r.last().accuracy());
      List<String> row = new ArrayList<>();
      long diverged = all.size() - runs.size();
      row.add(diverged == 0 ? e.getKey() : e.getKey() + " (" + diverged + " diverged)");
      row.add(runs.stream().map(r -> Long.toString(r.seed())).collect(Collectors.joining(",")));
      row.add(Stats.percent(acc));
      row.add(Stats.percent(err));
      row.add(perLayer(runs, Evaluation::sparsity, values(runs, RunResult::meanSparsity)));
      row.add(perLayer(runs, Evaluation::deadUnits, values(runs, RunResult::meanDeadUnits)));
      row.add(String.format(Locale.ROOT, "%.0f", Stats.mean(values(runs, RunResult::seconds))));
      row.addAll(extra.apply(e.getKey()));
      rows.add(row);
    }
    return ResultFiles.markdownTable(header, rows);
  }

  private static String perLayer(
      List<RunResult> runs, Function<Evaluation, Map<String, Double>> metric, double[] means) {
    List<String> layers = runs.get(0).layers();
    String each =
        layers.stream()
            .map(
                l ->
                    String.format(
                        Locale.ROOT,
                        "%.0f",
                        100 * Stats.mean(values(runs, r -> metric.apply(r.last()).get(l)))))
            .collect(Collectors.joining("/"));
    return Stats.percent(means) + "; " + each;
  }

  static double[] values(List<RunResult> runs, ToDoubleFunction<RunResult> f) {
    return runs.stream().mapToDouble(f).toArray();
  }

  private void writeRuns(List<RunResult> results) throws IOException {
    List<String> header =
        new ArrayList<>(
            List.of(
                "label",
                "activation",
                "seed",
                "epochs",
                "test_accuracy",
                "test_loss",
                "seconds",
                "diverged"));
    List<String> layers = results.get(0).layers();
    layers.forEach(l -> header.add("sparsity." + l));
    layers.forEach(l -> header.add("dead_units." + l));
    List<List<String>> rows = new ArrayList<>();
    List<Map<String, Object>> json = new ArrayList<>();
    for (RunResult r : results) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("label", r.label());
      m.put("activation", r.activation());
      m.put("seed", r.seed());
      m.put("epochs", r.history().size());
      m.put("test_accuracy", r.last().accuracy());
      m.put("test_loss", r.last().loss());
      m.put("seconds", r.seconds());
      m.put("diverged", r.finished() ? "" : r.divergence());
      layers.forEach(l -> m.put("sparsity." + l, r.last().sparsity().get(l)));
      layers.forEach(l -> m.put("dead_units." + l, r.last().deadUnits().get(l)));
      json.add(m);
      rows.add(m.values().stream().map(String::valueOf).collect(Collectors.toList()));
    }
    // the runs create it as they write their metrics; when every run diverged none has
    Files.createDirectories(b.outputDir);
    ResultFiles.writeCsv(b.outputDir.resolve("runs.csv"), header, rows);
    ResultFiles.writeJsonLines(b.outputDir.resolve("runs.jsonl"), json);
  }

  private void plot(List<RunResult> results) throws IOException {
    Map<String, List<RunResult>> groups =
        byLabel(results.stream().filter(RunResult::finished).collect(Collectors.toList()));
    Charts.save(
        Charts.lines(
            b.title + ": test accuracy",
            "epoch",
            "accuracy",
            curves(groups, m -> m.test().accuracy())),
        b.outputDir.resolve("test_accuracy.png"));
    Charts.save(
        Charts.lines(
            b.title + ": dead units (mean over layers)",
            "epoch",
            "fraction dead",
            curves(groups, m -> mean(m.test().deadUnits()))),
        b.outputDir.resolve("dead_units.png"));
    Charts.save(
        Charts.lines(
            b.title + ": activation sparsity (mean over layers)",
            "epoch",
            "fraction of zeros",
            curves(groups, m -> mean(m.test().sparsity()))),
        b.outputDir.resolve("sparsity.png"));
    Map<String, double[][]> perLayer = new LinkedHashMap<>();
    for (Map.Entry<String, List<RunResult>> g : groups.entrySet()) {
      List<String> layers = g.getValue().get(0).layers();
      double[] x = new double[layers.size()];
      double[] y = new double[layers.size()];
      for (int i = 0; i < layers.size(); i++) {
        String l = layers.get(i);
        x[i] = i + 1;
        y[i] = Stats.mean(values(g.getValue(), r -> r.last().deadUnits().get(l)));
      }
      perLayer.put(g.getKey(), new double[][] {x, y});
    }
    XYChart chart =
        Charts.lines(b.title + ": dead units after training", "layer", "fraction dead", perLayer);
    Charts.save(chart, b.outputDir.resolve("dead_units_per_layer.png"));
  }

  /** Per label, the metric after each epoch, averaged over the seeds. */
  private static Map<String, double[][]> curves(
      Map<String, List<RunResult>> groups, ToDoubleFunction<EpochMetrics> metric) {
    Map<String, double[][]> series = new LinkedHashMap<>();
    for (Map.Entry<String, List<RunResult>> g : groups.entrySet()) {
      int epochs = g.getValue().stream().mapToInt(r -> r.history().size()).min().orElse(0);
      double[] x = new double[epochs];
      double[] y = new double[epochs];
      for (int e = 0; e < epochs; e++) {
        int epoch = e;
        x[e] = e + 1;
        y[e] = Stats.mean(values(g.getValue(), r -> metric.applyAsDouble(r.history().get(epoch))));
      }
      series.put(g.getKey(), new double[][] {x, y});
    }
    return series;
  }

  private static double mean(Map<String, Double> perLayer) {
    return perLayer.values().stream().mapToDouble(Double::doubleValue).average().orElse(0);
  }

  /** Settings of a {@link Comparison}. */
  public static final class Builder {
    private final ModelSpec model;
    private final DatasetSplit data;
    private final List<Variant> variants = new ArrayList<>();
    private List<Long> seeds = List.of(0L);
    private OptimizerSpec optimizer = OptimizerSpec.sgd(0.05, 0.9);
    private int epochs = 10;
    private int batchSize = 128;
    private Init.Scheme init = Init.Scheme.HE_UNIFORM;
    private Path outputDir;
    private String title = "comparison";
    private PrintStream log = System.out;

    private Builder(ModelSpec model, DatasetSplit data) {
      this.model = model;
      this.data = data;
    }

    public Builder variant(Variant v) {
      variants.add(v);
      return this;
    }

    public Builder seeds(List<Long> seeds) {
      this.seeds = List.copyOf(seeds);
      return this;
    }

    public Builder optimizer(OptimizerSpec optimizer) {
      this.optimizer = optimizer;
      return this;
    }

    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    public Builder init(Init.Scheme init) {
      this.init = init;
      return this;
    }

    public Builder outputDir(Path dir) {
      this.outputDir = dir;
      return this;
    }

    /** The title prefix of the plots. */
    public Builder title(String title) {
      this.title = title;
      return this;
    }

    public Builder log(PrintStream log) {
      this.log = log;
      return this;
    }

    public Comparison build() {
      if (variants.isEmpty() || seeds.isEmpty() || outputDir == null) {
        throw new IllegalStateException("comparison: set variants, seeds and the output dir");
      }
      return new Comparison(this);
    }
  }
}
