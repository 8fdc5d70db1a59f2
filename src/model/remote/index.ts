/** Models on serving engines: the Open Inference Protocol (KServe v2) and TF Serving's REST API. */
export { remoteModel, RemoteModel, RemoteModelError, type RemoteModelOptions } from './remote-model';
export { RemoteRequestError } from './http';
export { RequestLimiter } from './limiter';
export { encodeInferRequest, decodeInferResponse, readMetadata, type OipModelMetadata, type OipDatatype } from './oip-codec';
export { encodePredictRequest, decodePredictResponse } from './tfserving-codec';
