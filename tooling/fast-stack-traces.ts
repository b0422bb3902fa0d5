/**
 * Imported first by the synthesis entry points (main.ts, cli/synth.ts): turns Node's source-map
 * support off for the process, unless QUALISYS_SOURCE_MAPS=1, before cdktf loads.
 *
 * Why: cdktf captures a stack trace for every token it creates, and with source maps on (tsx turns
 * them on) Node maps each frame through the inline source maps of cdktf's own files. Measured here
 * that is more than half of the time spent building the stacks (about 270 ms of construction drop to
 * about 95 ms). The cost: a stack trace of an error thrown during synthesis points at the code tsx
 * compiled, not at the TypeScript line; set QUALISYS_SOURCE_MAPS=1 when debugging one.
 */
if (process.env.QUALISYS_SOURCE_MAPS !== "1") process.setSourceMapsEnabled(false);

export {};
