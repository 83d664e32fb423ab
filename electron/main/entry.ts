// The file Electron starts (package.json "main"): a guard around the app's own module. A main that
// cannot load at all (a module missing from the package, a bundling mistake) would otherwise end
// in Electron's "A JavaScript error occurred in the main process", which on Linux goes to stderr
// alone, and leave a windowless process that never took the single-instance lock. Here it says
// what failed, where the user looks, and exits.
import { app, dialog } from 'electron';
import { redactSecrets } from '../core/redact.js';

try {
  // Awaited at the top level: Electron emits ready only once the entry module has evaluated, so
  // the app still does its work before ready (scheme privileges, the single-instance lock) in time.
  await import('./index.js');
} catch (err) {
  const reason = redactSecrets(err instanceof Error ? err.message : String(err));
  const name = app.getName();
  if (process.argv.includes('--self-check')) {
    // The self-check's own verdict line, so a script reading it sees the same words.
    process.stdout.write(
      `${name} self-check\n\nFAIL  load  the app's main module could not load: ${reason}\n\n0 passed, 1 failed: the launcher is NOT working\n`,
    );
  } else {
    process.stderr.write(`${name} could not start: ${reason}\n`);
    dialog.showErrorBox(
      `${name} could not start`,
      `The app's main module could not load:\n${reason}\n\nReinstalling the app may help. If it does not, please report this message.`,
    );
  }
  app.exit(1);
}
