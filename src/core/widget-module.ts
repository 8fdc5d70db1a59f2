/**
 * The widget module name tslit's models and views go by: what the kernel writes in
 * `_model_module` / `_view_module`, what the lab extension registers, and what marks tslit's
 * entries in a notebook's saved widget state.
 */
export const WIDGET_MODULE = 'tslit';
