package dev.rectify.processor.formula;

import dev.rectify.processor.diag.Message;

/**
 * A formula that cannot be parsed (or a name that cannot be resolved), with the 0-based offset of
 * the offending token. The spec reader turns it into a compiler error that shows the column.
 */
public final class FormulaSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Message message;
  private final int offset;

  public FormulaSyntaxException(Message message, int offset, Object... args) {
    super(message.format(args));
    this.message = message;
    this.offset = offset;
  }

  public Message kind() {
    return message;
  }

  public int offset() {
    return offset;
  }
}
