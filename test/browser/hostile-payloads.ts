/**
 * Strings that run script, inject markup or restyle the page if any view renders them as
 * HTML. Each one that could run sets `window.__pwned`; a browser test sets a trap, renders
 * them all, and checks that the trap never fired and the text shows literally.
 *
 * Notes: shared by the hostile-payload tests of every view (table, editor, salience,
 * counterfactuals): import PAYLOADS and add view-specific cases in your own test file.
 */
export const PAYLOADS: readonly string[] = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '<svg onload="window.__pwned=1"></svg>',
  '<svg><script>window.__pwned=1</script></svg>',
  'javascript:window.__pwned=1',
  '<a href="javascript:window.__pwned=1">click me</a>',
  '</style><style>body{display:none}</style>',
  '<style>*{visibility:hidden}</style>',
  '<iframe src="javascript:window.__pwned=1"></iframe>',
  '<body onload="window.__pwned=1">',
  '<div onmouseover="window.__pwned=1" style="position:fixed;inset:0">hover</div>',
  '"><img src=x onerror=window.__pwned=1>',
  "'><svg/onload=window.__pwned=1>",
  '<math><mtext><img src=x onerror=window.__pwned=1></mtext></math>',
  '<details open ontoggle="window.__pwned=1">',
  '<input autofocus onfocus="window.__pwned=1">',
  '<object data="javascript:window.__pwned=1"></object>',
  '<embed src="javascript:window.__pwned=1">',
  '<link rel=stylesheet href="javascript:window.__pwned=1">',
  "{{constructor.constructor('window.__pwned=1')()}}",
  '<video><source onerror="window.__pwned=1"></video>',
  '<marquee onstart="window.__pwned=1">x</marquee>',
  '&lt;script&gt;window.__pwned=1&lt;/script&gt;',
  '<base href="javascript:window.__pwned=1//">',
  '<form><button formaction="javascript:window.__pwned=1">x</button></form>',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=1">',
  '${window.__pwned=1}',
  '\u202Ereversed <b>bold</b>',
];

/** A hostile field name (shown in column headers and editor labels). */
export const HOSTILE_FIELD = '<img src=x onerror="window.__pwned=2">';

/** Installs the trap before any page script runs. */
export const TRAP_SCRIPT = 'window.__pwned = 0;';
