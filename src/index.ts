/** The tslit package entry: what `import ... from "tslit"` gives a notebook cell. */
export * from './kernel/index';
