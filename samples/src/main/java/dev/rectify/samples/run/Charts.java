package dev.rectify.samples.run;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Line charts as PNG files, with XChart drawing off screen. Headless AWT still needs a font:
 * without fontconfig and a font package the first chart fails inside the JDK, and the README says
 * which packages to install.
 */
public final class Charts {
  private Charts() {}

  /** A chart of named series, each a pair {x[], y[]}; series keep the map's order. */
  public static XYChart lines(
      String title, String xTitle, String yTitle, Map<String, double[][]> series) {
    System.setProperty("java.awt.headless", "true");
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(500)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart
        .getStyler()
        .setMarkerSize(series.values().stream().anyMatch(s -> s[0].length > 40) ? 0 : 5);
    for (Map.Entry<String, double[][]> s : series.entrySet()) {
      chart.addSeries(s.getKey(), s.getValue()[0], s.getValue()[1]);
    }
    return chart;
  }

  /** Writes one chart to {@code png}. */
  public static void save(XYChart chart, Path png) throws IOException {
    save(List.of(chart), 1, png);
  }

  /** Writes charts side by side, {@code columns} to a row, into one PNG. */
  public static void save(List<XYChart> charts, int columns, Path png) throws IOException {
    int rows = (charts.size() + columns - 1) / columns;
    try (OutputStream out = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(charts, rows, columns, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
