/** Projections of embeddings or features to 2-D/3-D for the embeddings projector. */
export { pca, PCA_MAX_DIM, type PcaResult } from './pca';
export { umap, seededRandom, type UmapOptions } from './umap';
export { symmetricEigen, type SymmetricEigen } from './eigen';
export { standardize } from './standardize';
