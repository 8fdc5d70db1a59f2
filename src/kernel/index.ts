/** The kernel layer's public API (re-exported by the package entry). */
export { Widget, WIDGET_VIEW_MIME } from './widget';
export type { WidgetSpec, WidgetViewBundle } from './widget';
export { display, mimeBundleOf, isDisplayable } from './display';
export type { Displayable } from './display';
export { registerCommTarget, openComm } from './comm-api';
export { Comm, ProtocolError } from './comms';
export type { CommTargetHandler, CommMessageHandler, CommCloseHandler } from './comms';
export { activeKernel } from './context';
export type { KernelApi, MimeBundle } from './context';
export { removeBuffers, putBuffers } from './buffers';
export type { BufferPath } from './buffers';
