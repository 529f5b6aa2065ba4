/**
 * A template that cannot be parsed or executed. The message is Go's own wording (without
 * Go's `template: name:line:col:` prefix); `expression` is the whole action it happened in
 * and `column` the 1-based offset of that action's opening delimiter in the template text.
 */
export class TemplateError extends Error {
  readonly expression: string;
  readonly column: number;

  constructor(message: string, expression: string, column: number) {
    super(message);
    this.name = 'TemplateError';
    this.expression = expression;
    this.column = column;
  }
}

/**
 * Thrown by a function whose argument has the wrong Go type. Go rejects such a call before
 * the function runs, so the message is not prefixed with `error calling X:`.
 */
export class ArgumentTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArgumentTypeError';
  }
}
