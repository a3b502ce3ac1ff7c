package dev.rectify.processor.codegen;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes {@code META-INF/services/dev.rectify.nn.ActivationFunction} listing every generated layer,
 * so the runtime finds them by name ({@code @Generated} is source-retained, so the services file is
 * the runtime's only way in). Entries from an earlier incremental compilation are kept, as
 * AutoService's {@code generateConfigFiles} does.
 */
public final class ServicesWriter {
  private ServicesWriter() {}

  public static void write(Filer filer, Set<String> classNames) throws IOException {
    String resource = "META-INF/services/" + RuntimeTypes.SERVICE;
    Set<String> all = new TreeSet<>(classNames);
    try {
      FileObject existing = filer.getResource(StandardLocation.CLASS_OUTPUT, "", resource);
      try (BufferedReader r =
          new BufferedReader(
              new InputStreamReader(existing.openInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          String entry = line.replaceAll("#.*", "").trim();
          if (!entry.isEmpty()) {
            all.add(entry);
          }
        }
      }
    } catch (IOException | IllegalArgumentException e) {
      // no earlier file: the usual case for a clean build
    }
    FileObject out = filer.createResource(StandardLocation.CLASS_OUTPUT, "", resource);
    try (Writer w =
        new java.io.OutputStreamWriter(out.openOutputStream(), StandardCharsets.UTF_8)) {
      for (String name : all) {
        w.write(name);
        w.write('\n');
      }
    }
  }
}
