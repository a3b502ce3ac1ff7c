package dev.rectify.samples.cli;

import java.io.PrintWriter;
import java.util.List;

/** Prints rows as an aligned plain-text table, the first row as the header. */
final class Table {
  private Table() {}

  static void print(PrintWriter out, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] r : rows) {
      for (int c = 0; c < columns; c++) {
        width[c] = Math.max(width[c], r[c].length());
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        String cell = rows.get(i)[c];
        line.append(c == columns - 1 ? cell : String.format("%-" + width[c] + "s  ", cell));
      }
      out.println(line.toString().stripTrailing());
      if (i == 0) {
        StringBuilder rule = new StringBuilder();
        for (int c = 0; c < columns; c++) {
          rule.append("-".repeat(width[c])).append(c == columns - 1 ? "" : "  ");
        }
        out.println(rule);
      }
    }
  }
}
