/** `tmo hook …` (bin/tmo.js dispatches here before loading the CLI): only the hook recorder, no tmux. */
export { main } from './agenthooks/record.js';
