/** Errors that say what a salience method needs. */
export class SalienceInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SalienceInputError';
  }
}
