import { inject, it, expect } from "vitest";
import { Testing } from "cdktf";
import os from "node:os";
import path from "node:path";

// What the run writes to a temporary folder must go where the run removes it at the end (global-setup.ts),
// not to the system's temporary folder, where cdktf's Testing.app() alone used to leave about 80 folders a run.
it("puts every temporary file of the run, cdktf's test output included, in the run's own folder", () => {
  const runDirectory = inject("runTemporaryDirectory");
  expect(os.tmpdir()).toBe(runDirectory);
  const app = Testing.app();
  expect(path.dirname(app.outdir)).toBe(runDirectory);
});
